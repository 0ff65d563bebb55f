# isqrt near the top of each integer type: one Newton step after the float square root, never
# squaring past the type's range (typemax(Int64) used to overflow and loop).
for x in (0, 1, 3, 4, 17, 10^18, typemax(Int64), typemax(Int64) - 1, 3037000499^2, 3037000499^2 - 1,
          Int8(127), Int32(2^31 - 1), typemax(UInt64), Int128(10)^36, UInt8(255))
    r = isqrt(x)
    println(typeof(r), " ", r)
end
try
    isqrt(-4)
catch e
    println(e)
end
