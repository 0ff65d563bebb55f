# `missing`: three-valued logic, propagation, skipmissing, coalesce, `Some`/`something`,
# arrays with missing values.
println(missing)
println(typeof(missing), " ", ismissing(missing), " ", ismissing(1))
println(missing == 1, " ", missing == missing, " ", 1 < missing, " ", missing === missing)
println(isequal(missing, missing), " ", isequal(missing, 1), " ", isless(1, missing))
println(missing + 1, " ", 2.0 * missing, " ", -missing, " ", abs(missing), " ", sqrt(missing))
println(true & missing, " ", false & missing, " ", true | missing, " ", false | missing, " ", !missing)
v = [1, missing, 3]
println(v)
println(typeof(v), " ", eltype(v))
println(sum(v), " ", sum(skipmissing(v)), " ", maximum(v))
println(collect(skipmissing(v)), " ", eltype(skipmissing(v)))
println(skipmissing(v))
println(coalesce(missing, 2), " ", coalesce(missing, missing), " ", coalesce(1, 2))
println(something(nothing, Some(nothing)), " ", something(nothing, 3), " ", Some(1))
println(nonmissingtype(Union{Missing, Int}), " ", nonmissingtype(Int))
println(Union{Missing, Int}[1, missing])
println(Union{Int, Missing}, " ", Union{Int, Nothing, Missing}, " ", Union{String, Float64, Int})
println(sort([3, missing, 1]))
println(string(missing), " ", repr(missing))
println(ismissing.(v))
println(v .+ 1)
println(2 in v, " ", 1 in v)
println([missing, missing], " ", typeof([missing, missing]))
println([1.5, nothing, missing])
println(isequal([1, missing], [1, missing]), " ", [1, missing] == [1, missing], " ", [1, missing] == [2, missing])
println(map(x -> coalesce(x, 0), v))
show(stdout, [missing, 2.5]); println()
display(v)
try
    if missing
        println("unreachable")
    end
catch e
    showerror(stdout, e); println()
end
