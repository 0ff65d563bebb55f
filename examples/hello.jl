# Uses the Greeter package: `kiln run --project examples/Greeter examples/hello.jl`
using Greeter

println(greet("reader"))
println(greet(Greeting("twice", 2)))
println(shout("precompiled"))
println("greeted ", greeted(), " times in this session")
