# A macro that throws while it is expanded: a LoadError at the macro call.
macro checked(x)
    x isa Integer || error("@checked expects an integer literal, got $(x)")
    return x
end
println(@checked 3)
println("before")
y = @checked y
println("not reached")
