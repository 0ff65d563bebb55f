# A package whose functions pass closures around: the method instances its workload compiles
# are specialized on the package's closure types (`map(::Closures.var"#1#2", …)`), which the
# image must hold like any other type of the package, and which must load again.
module Closures

double(xs) = map(x -> 2x, xs)
shift(xs, k) = map(x -> x + k, xs)
apply(f, x) = f(x)
const ADD1 = x -> x + 1

end

Base.precompilation(Closures) do
    println(Closures.double([1, 2]), " ", Closures.shift([1, 2], 10))
    println(Closures.apply(Closures.ADD1, 1))
end
