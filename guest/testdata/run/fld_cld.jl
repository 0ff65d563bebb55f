# fld and cld of Int64s (a builtin) and of other integers (Base's Julia methods): the quotient
# rounded down and up, for every sign combination; division by zero is a DivideError.
for (x, y) in ((7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (-6, 3), (0, 5), (typemin(Int64), 2),
               (typemax(Int64), -1))
    println((x, y), " ", fld(x, y), " ", cld(x, y), " ", fld(Int32(x % 1000), Int32(y)),
            " ", cld(Int16(x % 1000), Int16(y)))
end
println(fld(typemin(Int64), 1), " ", cld(typemin(Int64), 1))
for (x, y) in ((1, 0), (typemin(Int64), -1))
    for f in (fld, cld)
        try
            f(x, y)
        catch e
            println(f, " ", e)
        end
    end
end
