# A call's arguments are the values at the time each was evaluated: a later argument that
# assigns a variable passed earlier does not change what the call receives.
pair(a, b) = (a, b)
function assign_in_args()
    x = 1
    r1 = pair(x, begin x = 2 end)
    y = 10
    r2 = y + (y += 5)
    z = 1
    r3 = pair(z, begin z = z * 3; z end)
    return (r1, r2, r3, x, y, z)
end
println(assign_in_args())
# A variable reassigned in a loop is passed as its value at each call.
function loop_args(n)
    acc = Int[]
    v = 0
    for i in 1:n
        push!(acc, v)
        v = v + i
    end
    acc
end
println(loop_args(5))
# Passed through a branch: the call after the join sees the value of the branch taken.
function branchy(c)
    x = 1
    if c
        x = 2
    end
    pair(x, x + 1)
end
println(branchy(true), branchy(false))
# A caught exception between the copy and the call leaves the value unchanged.
function with_try()
    x = 5
    try
        x = 6
        error("boom")
    catch
        x = x + 1
    end
    pair(x, x)
end
println(with_try())
