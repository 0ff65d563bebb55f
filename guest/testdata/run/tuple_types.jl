# NTuple and NamedTuple written as types, and tuple types printed as Julia prints them.
println(NTuple{3,Int}, " ", (1, 2, 3) isa NTuple{3,Int}, " ", NTuple{2,String})
v = Vector{NTuple{2,Int}}()
push!(v, (1, 2))
println(v)
f(t::NTuple{2,Int}) = t[1] + t[2]
println(f((3, 4)))
Student = NamedTuple{(:name, :grade), Tuple{String, Int}}
println(Student, " ", Student(("Ann", 2)))
s = Student(("Bo", 1))
println(s.name)
println(NTuple{4,Int}, " ", typeof((1,2,3,4)), " ", typeof((1, 2.0, 3, 4)))
println(typeof((1.0, 2, 3, 4, 5)))
v = Vector{NTuple{3,Int}}()
push!(v, (1, 2.0, 3.0))
println(v, " ", convert(Tuple{Int, Float64}, (1, 2)))
println(reshape(1:6, :, 2), " ", reshape([1, 2, 3, 4], 1, :))
