# `@isdefined` of locals (defined once assigned) and globals; `isdefined(M, :x)`.
x = 1
println(@isdefined(x), " ", @isdefined(not_a_variable))
println(isdefined(Main, :x), " ", isdefined(Main, :nope), " ", isdefined(Base, :println))
function f(flag)
    a = @isdefined(y)
    if flag
        y = 2
    end
    return (a, @isdefined(y))
end
println(f(true), " ", f(false))
function g()
    z = 1
    h() = @isdefined(z)
    return h()
end
println(g())
struct P
    a::Int
end
println(isdefined(P(1), :a), " ", isdefined(P(1), :b))
