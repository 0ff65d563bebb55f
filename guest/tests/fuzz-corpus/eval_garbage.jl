for s in ["1 +", "end", "function", "(((", "x = ", "@@@", "'ab'", "0x", "1e"]
    try
        eval(Meta.parse(s))
    catch e
        println(typeof(e))
    end
end
