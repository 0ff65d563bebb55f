# BigInt: construction, literals too large for Int128, arithmetic that never overflows, mixed
# arithmetic through promotion, division, number theory, conversions, parsing and printing.
b = big(2)^100
println(b, " ", typeof(b), " ", typeof(big(1)), " ", big(1) + 1, " ", typeof(big(1) + 1))
println(factorial(big(30)), " ", BigInt(10)^50)
println(parse(BigInt, "123456789012345678901234567890") * 10, " ", parse(BigInt, "-ff", base = 16), " ", big"98765432109876543210", " ", typeof(big"7"))
println(170141183460469231731687303715884105728, " ", typeof(170141183460469231731687303715884105728))
println(-170141183460469231731687303715884105728, " ", typeof(-170141183460469231731687303715884105728))
println(-170141183460469231731687303715884105729, " ", typeof(-170141183460469231731687303715884105729))
println(typeof(0x1ffffffffffffffffffffffffffffffff), " ", 0x1ffffffffffffffffffffffffffffffff)
show(b); println()
show([big(1), big(-2)]); println()
println(repr(big(10)^30), " ", "$(big(3)^40)", " ", string(b, base = 16), " ", string(big(-5), base = 2, pad = 8))
function fib(n)
    a, c = big(0), big(1)
    for _ in 1:n
        a, c = c, a + c
    end
    return a
end
println(fib(100), " ", fib(200))
println(b - b - 1, " ", -b, " ", b * b, " ", b ÷ 3, " ", b % 7, " ", mod(-b, 7), " ", rem(-b, 7))
println(div(-b, big(3)), " ", fld(-b, big(3)), " ", cld(b, big(3)), " ", divrem(b, big(1000)))
println(gcd(b, big(6)^10), " ", lcm(big(4), big(6)), " ", gcd(big(12), 18), " ", abs(big(-3)))
println(isqrt(b + 1), " ", isqrt(big(10)^41), " ", powermod(big(3), 100, big(7)), " ", invmod(big(3), big(7)))
println(powermod(2, 1000, big(10)^9 + 7), " ", invmod(big(3), big(-7)), " ", powermod(big(2), -1, big(7)))
println(digits(big(1234)), " ", ndigits(b), " ", ndigits(big(0)), " ", ndigits(b, base = 2))
println(b == big(2)^100, " ", b === b, " ", big(5) == 5, " ", 5 == big(5), " ", big(5) == 5.0, " ", b > 1.0e30)
println(big(5) < 6, " ", big(-1) < typemax(UInt128), " ", isequal(big(5), 5), " ", isless(big(1), 2), " ", cmp(big(3), 2))
println(max(big(3), 7), " ", typeof(max(big(3), 7)), " ", minimum([big(4), big(-9), big(2)]), " ", sort([big(3), big(1), big(2)]))
println(sum([big(2)^64, big(2)^64]), " ", prod(big.(1:20)) == factorial(big(20)), " ", prod([big(i) for i in 1:25]))
println(Float64(b), " ", Float64(big(10)^400), " ", Int128(b), " ", Int64(big(123)), " ", UInt8(big(200)))
println(BigInt(3.0), " ", BigInt(Int128(2)^100), " ", BigInt(typemax(UInt128)) + 1, " ", BigInt(true))
println(big(1) << 200, " ", b >> 90, " ", big(-1) >> 5, " ", b & (b - 1), " ", big(12) | 3, " ", xor(big(12), 10), " ", ~big(0))
println(iseven(b), " ", isodd(b + 1), " ", sign(-b), " ", signbit(big(-2)), " ", iszero(big(0)), " ", isone(big(1)))
println(count_ones(b - 1), " ", trailing_zeros(b), " ", b % Int64, " ", (b + 5) % UInt8, " ", big(-1) % UInt16)
r = 1 // big(3)
println(r, " ", typeof(r), " ", r + 1 // 6, " ", big(2)^70 // 2^10)
println(widen(Int128), " ", widen(typemax(Int128)) + 1, " ", big(Int64), " ", binomial(big(100), 50))
println(2^big(10), " ", big(0)^0, " ", big(-1)^big(3), " ", Base.checked_add(big(2)^70, big(2)^70))
d = Dict(big(5) => "five", big(2)^100 => "huge")
println(d[5], " ", d[Int128(2)^100], " ", haskey(d, 5.0), " ", Set([big(1), 1, big(1)]))
n = 1
for f in (() -> Int64(big(2)^70), () -> BigInt(1.5), () -> UInt8(big(-1)), () -> big(1) ÷ 0,
          () -> big(2)^(-n), () -> parse(BigInt, "12x"), () -> Int8(big(300)), () -> invmod(big(2), big(4)),
          () -> factorial(big(-1)))
    try
        f()
    catch e
        println(e)
    end
end
