# Base.Iterators: lazy iterators.
println(collect(Iterators.reverse([1, 2, 3])), " ", collect(Iterators.take(1:10, 3)), " ", collect(Iterators.drop(1:5, 2)))
println(collect(Iterators.take(Iterators.countfrom(5, 2), 3)), " ", collect(Iterators.repeated("a", 2)), " ", collect(Iterators.take(Iterators.cycle([1, 2]), 5)))
println(collect(Iterators.flatten([[1, 2], Int[], [3]])), " ", collect(Iterators.partition(1:5, 2)))
println(collect(Iterators.takewhile(x -> x < 3, 1:5)), " ", collect(Iterators.dropwhile(x -> x < 3, 1:5)))
println(collect(Iterators.product(1:2, "ab")))
for (i, x) in enumerate(Iterators.take("hello", 2)) println(i, x) end
using Base.Iterators: take
println(sum(take(1:100, 10)), " ", first(Iterators.drop([7, 8, 9], 1)))
