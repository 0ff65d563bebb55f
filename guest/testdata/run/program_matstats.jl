# Matrix statistics: column means and spreads, standardisation, a correlation, thresholds.
data = [
    1.0  2.0  10.0
    2.0  4.1   9.0
    3.0  5.9   7.5
    4.0  8.2   7.0
    5.0  9.8   4.0
]
n, m = size(data)
println("rows: ", n, ", columns: ", m)
colmean(A, j) = sum(A[:, j]) / size(A, 1)
function colstd(A, j)
    mu = colmean(A, j)
    return sqrt(sum((A[:, j] .- mu) .^ 2) / (size(A, 1) - 1))
end
means = [colmean(data, j) for j in 1:m]
stds = [colstd(data, j) for j in 1:m]
println("means: ", round.(means, digits = 3))
println("stds:  ", round.(stds, digits = 3))
Z = (data .- means') ./ stds'
println("standardised column sums ≈ 0: ", all(abs.(sum(Z, dims = 1)) .< 1e-12))
function corr(x, y)
    mx, my = sum(x) / length(x), sum(y) / length(y)
    return sum((x .- mx) .* (y .- my)) / sqrt(sum((x .- mx) .^ 2) * sum((y .- my) .^ 2))
end
C = [corr(data[:, i], data[:, j]) for i in 1:m, j in 1:m]
display(round.(C, digits = 3))
high = data .> 5
println(typeof(high), " ", count(high), " entries above 5")
display(high)
println("rows with any > 8: ", findall(vec(any(data .> 8, dims = 2))))
println("column maxima: ", vec(maximum(data, dims = 1)))
println("trace of C: ", sum(C[i, i] for i in 1:m))
clipped = min.(data, 8.0)
println(clipped[4:5, :])
println(sum(data[high]), " ", data[high][1:3])
