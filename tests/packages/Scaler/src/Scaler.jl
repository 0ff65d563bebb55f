# A package whose image holds a named tuple constant and code that splats keywords and
# broadcasts.
module Scaler

const DEFAULTS = (factor = 2, offset = 0.5)

transform(xs; kws...) = _transform(xs; DEFAULTS..., kws...)
_transform(xs; factor, offset) = xs .* factor .+ offset
settings(; kws...) = merge(DEFAULTS, kws)

end

Base.precompilation(Scaler) do
    Scaler.transform([1, 2]; factor = 3)
    Scaler.settings(offset = 1)
end
