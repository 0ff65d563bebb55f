# Every integer width and Float32: literals, arithmetic that wraps, promotion, conversions that
# throw InexactError, division and bit operations, printing with print and show.
x = Int32(5)
println(x, " ", typeof(x), " ", x + Int32(3), " ", typeof(x + Int32(3)))
println(x + 1, " ", typeof(x + 1), " ", typeof(x * 2.0), " ", typeof(Int8(1) + Int16(1)))
println(typeof(Int8(1) + UInt8(1)), " ", typeof(UInt16(1) + Int8(1)), " ", typeof(UInt32(1) + 1))
println(typeof(0x05), " ", typeof(0x0005), " ", typeof(0x12345678), " ", typeof(0x123456789))
println(typeof(0b101), " ", typeof(0o377), " ", typeof(0o777), " ", typeof(0b111111111))
u = 0xff
println(u, " ", repr(u), " ", u + 0x01, " ", repr(u + 0x01), " ", -0x01)
show(UInt16(0x00ab)); println()
show([0x01, 0x02]); println()
show(Int32[1, -2]); println()
println(typemax(Int8), " ", typemin(Int8), " ", typemax(Int16), " ", typemin(Int32))
println(typemax(UInt8), " ", typemax(UInt16), " ", typemax(UInt32), " ", typemax(UInt64))
println(typemax(Int32) + Int32(1), " ", typemin(Int8) - Int8(1), " ", Int8(100) * Int8(2))
println(Int8(-128) ÷ Int8(3), " ", Int16(-7) % Int16(3), " ", mod(Int16(-7), Int16(3)))
println(UInt8(7) ÷ UInt8(2), " ", rem(UInt32(7), UInt32(4)), " ", div(Int32(9), 2))
println(Int32(2)^10, " ", UInt8(2)^9, " ", Int16(3) << 2, " ", Int16(-16) >> 2, " ", UInt8(0xf0) >>> 4)
println(~0x0f, " ", 0x0f & 0x3c, " ", 0x0f | 0x30, " ", xor(0x0f, 0xff))
println(count_ones(0xff), " ", leading_zeros(UInt16(1)), " ", trailing_zeros(Int32(8)))
println(Int64(Int8(-3)), " ", UInt8(200) + 100, " ", typeof(UInt8(200) + 100))
println(Int32(true), " ", UInt8(3.0), " ", Int16(-2.0), " ", Int64(Float32(8)))
for (T, v) in ((UInt8, 300), (Int8, -129), (UInt32, -1), (Int32, 1.5), (UInt64, -1.0))
    try
        T(v)
    catch e
        println(e)
    end
end
try
    Int32(1) ÷ Int32(0)
catch e
    println(e)
end
println(Int32(1) == 1, " ", 1.0 == Int8(1), " ", UInt8(255) > -1, " ", Int16(3) < 2.5)
println(isequal(Int32(2), 2), " ", isequal(Float32(-0.0), 0.0), " ", Dict(Int32(1) => "one")[1])
println(promote(Int8(1), 2), " ", promote(UInt8(1), 2.5), " ", promote_type(Int16, UInt8))
println(promote_type(Float32, Int64), " ", promote_type(Bool, Int32), " ", promote_type(Float32, Float64))
f = Float32(1.5)
println(f, " ", typeof(f), " ", f + 1, " ", typeof(f + 1), " ", typeof(f + 1.0))
show(f); print(" "); show(Float32(0.1)); print(" "); show(Float32(1e10)); print(" "); show(Float32(-2.5e-7)); println()
println(Float32(0.1), " ", Float32(1e10), " ", Float32(1) / Float32(3), " ", sqrt(Float32(2)))
show(Float32[1.5, 2]); println()
show(Float32(NaN)); print(" "); show(-Float32(Inf)); print(" "); show(Float32(-0.0)); println()
println(Int32(3) / Int32(2), " ", true + Int8(1), " ", typeof(true + Int8(1)))
println(sum(Int32[1, 2, 3]), " ", typeof(sum(Int32[1, 2, 3])), " ", typeof(sum(UInt8[1, 2])))
println(Float32(2.5) * 2, " ", floor(Float32(2.7)), " ", round(Float32(2.5)), " ", abs(Float32(-3)))
println(Float64(Float32(0.1)), " ", Float32(16777217), " ", Int32(7) - 10, " ", abs(Int8(-4)))
println(max(3, 7, 5), " ", min(4, 2, 8, 1), " ", max(Int8(3), 2.5, 1), " ", min(1 // 2, 1 // 3, 1))
println(min(NaN, 1.0), " ", min(1.0, NaN), " ", max(-0.0, 0.0), " ", min(-0.0, 0.0), " ", max(1, 2.0))
