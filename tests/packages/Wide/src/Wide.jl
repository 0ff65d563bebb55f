# A package whose image holds wide integers: `BigInt`, `Int128` and `UInt128` constants, and
# literals of each inside methods (constants of lowered code).
module Wide

const GOOGOL = big(10)^100
const HUGE = 170141183460469231731687303715884105728
const INT128 = Int128(2)^100
const MASK = 0xffffffffffffffffffffffffffffffff
const TABLE = Dict(big(2)^70 => "two^70", Int128(-5) => "minus five")

wide_literal() = 9223372036854775808 + 1
big_literal() = 1000000000000000000000000000000000000000000 ÷ 7
negative_literal() = -170141183460469231731687303715884105728
mask_low(x) = x & MASK

end

Base.precompilation(Wide) do
    Wide.wide_literal()
    Wide.big_literal()
    Wide.mask_low(UInt128(12345))
end
