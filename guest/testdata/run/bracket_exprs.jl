# Matrix and concatenation literals as data (`Expr(:vcat, …)`, `Expr(:hcat, …)`, rows as
# `Expr(:row, …)`), as Julia's parser gives them and prints them; and error messages of
# Julia 1.11.
println(Meta.parse("[1:3;]"))
println(:([1 2; 3 4]))
println(:([1 2]), " ", :([1; 2]), " ", :(Int[1 2]), " ", :(Int[1; 2]), " ", :(Float64[1 2; 3 4]))
ex = Meta.parse("[1 2; 3 4]")
println(ex.head, " ", ex.args[1].head, " ", eval(ex))
println(eval(:(Int[1; 2])), " ", eval(Meta.parse("[1:3;]")), " ", eval(:(Float64[1 2])))
println(:([1, 2]), " ", :(vcat(1, 2)), " ", :([x y; z]))
try
    sqrt(-1)
catch e
    println(e)
end
try
    [1, 2] .+ [1, 2, 3]
catch e
    println(e)
end
