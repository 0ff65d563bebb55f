# Int128 and UInt128: literals too large for Int64, arithmetic that wraps at 128 bits,
# promotion, conversions that throw, checked arithmetic, parsing and printing.
x = Int128(5)
println(x, " ", typeof(x), " ", x + 1, " ", typeof(x + 1), " ", typeof(UInt128(1) + 1))
println(typemax(Int128), " ", typemin(Int128), " ", typemax(UInt128))
show(typemax(UInt128)); println()
show(UInt128(1)); println()
println(repr(Int128(-7)), " ", "$(Int128(42))", " ", string(UInt128(42)))
println(9223372036854775807, " ", typeof(9223372036854775807))
println(9223372036854775808, " ", typeof(9223372036854775808))
println(-9223372036854775808, " ", typeof(-9223372036854775808))
println(170141183460469231731687303715884105727, " ", typeof(170141183460469231731687303715884105727))
println(typeof(0xffffffffffffffff), " ", typeof(0x10000000000000000), " ", typeof(0xffffffffffffffffffffffffffffffff))
println(0x10000000000000000, " ", typeof(0b11111111111111111111111111111111111111111111111111111111111111111))
println(typemax(Int128) + 1, " ", typemax(UInt128) + 1, " ", typemin(Int128) - 1)
println(Int128(2)^100, " ", Int128(2)^127, " ", 2^64, " ", Int128(2)^64)
println(Int128(10)^20 ÷ 7, " ", Int128(-17) % 5, " ", mod(Int128(-17), 5), " ", fld(Int128(-17), 5))
println(UInt128(10)^30 ÷ UInt128(3), " ", rem(typemax(UInt128), UInt128(10)))
grains(n) = UInt64(2)^(n - 1)
println(grains(64), " ", sum(grains(n) for n in 1:64), " ", Int128(2)^64 - 1)
try
    Base.checked_add(typemax(Int128), Int128(1))
catch e
    println(e)
end
try
    Base.checked_mul(UInt128(2)^100, UInt128(2)^28)
catch e
    println(e)
end
for (T, v) in ((Int64, typemax(Int128)), (UInt128, -1), (Int128, typemax(UInt128)), (Int128, 1.5), (UInt8, Int128(256)))
    try
        T(v)
    catch e
        println(e)
    end
end
for (a, b) in ((Int128(1), Int128(0)), (typemin(Int128), Int128(-1)))
    try
        a ÷ b
    catch e
        println(e)
    end
end
println(Float64(typemax(Int128)), " ", Int128(1.0e20), " ", UInt128(2.0^100), " ", Float64(UInt128(2)^100))
println(Int128(3) == 3, " ", UInt128(3) < Int128(4), " ", typemax(UInt128) > typemax(Int128), " ", -1 < typemax(UInt128))
println(Int128(2)^70 > 1.0e21, " ", Int128(3) == 3.0, " ", isequal(Int128(7), 7), " ", max(Int128(3), 10))
println(promote_type(Int128, Int64), " ", promote_type(UInt128, Int128), " ", promote_type(UInt64, Int128))
println(promote(Int128(1), 2), " ", typeof(promote(UInt128(1), Int8(2))))
println(widen(Int64), " ", widen(UInt64), " ", widen(typemax(Int64)) * 2, " ", typeof(widen(Int32(1))))
println(count_ones(typemax(UInt128)), " ", leading_zeros(Int128(1)), " ", trailing_zeros(Int128(2)^100))
println(string(typemax(UInt128), base = 16), " ", string(Int128(-255), base = 2), " ", string(Int128(7), pad = 3))
println(Int128(1) << 100, " ", typemin(Int128) >> 126, " ", UInt128(1) << 128, " ", typemax(UInt128) >>> 120)
println(Dict(Int128(1) => "a")[1], " ", Dict(Int128(2)^64 => "big")[UInt128(2)^64])
show(Int128[1, -2]); println()
show(UInt128[1]); println()
println(sum(Int128[typemax(Int64), typemax(Int64)]), " ", abs(Int128(-9)), " ", -Int128(9))
println(parse(Int128, "170141183460469231731687303715884105727"), " ", parse(UInt128, "ff", base = 16))
try
    parse(Int128, "170141183460469231731687303715884105728")
catch e
    println(e)
end
println(factorial(Int128(30)), " ", Int128(12345678901234567890) * 1000)
try
    factorial(Int128(34))
catch e
    println(e)
end
println(round(Int128, 2.6), " ", trunc(BigInt, -2.6), " ", floor(UInt128, 2.6), " ", ceil(BigInt, 1.0e30))
try
    round(Int128, 1.0e40)
catch e
    println(e)
end
