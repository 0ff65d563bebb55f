)
1 +
a .|> b
let x = 1
end
struct S
    S(x) = new(x)
end
99999999999999999999
