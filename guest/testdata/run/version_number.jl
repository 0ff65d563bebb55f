# VersionNumber (base/version.jl): `VERSION`, `v"..."` literals with pre-release and build
# identifiers, semver ordering, printing, parsing and its errors.
println(VERSION)
println(typeof(VERSION))
show(VERSION); println()
println(VERSION.major, " ", VERSION.minor, " ", typeof(VERSION.major))
println(VERSION >= v"1.6", " ", VERSION < v"2")
v = v"1.2.3-rc.1+build.5"
println(v, " ", repr(v), " ", string(v))
println(v.prerelease, " ", v.build)
display(v)
println(VersionNumber(1, 2, 3), " ", VersionNumber(2), " ", VersionNumber("0.7"))
println(v"1.2.3" < v"1.2.4", " ", v"1.2.3-alpha" < v"1.2.3", " ", v"1.2.3+b" > v"1.2.3")
println(v"1.0.0-alpha" < v"1.0.0-alpha.1" < v"1.0.0-alpha.beta" < v"1.0.0-beta" < v"1.0.0-beta.2" < v"1.0.0-beta.11" < v"1.0.0-rc.1" < v"1.0.0")
println(sort([v"1.10.0", v"1.2.0", v"1.9.5", v"0.1"]))
println(v"1.2" == VersionNumber(1, 2, 0), " ", isequal(v"1.2", v"1.2.0"))
println(thisminor(v"1.2.3"), " ", nextminor(v"1.2.3"), " ", nextmajor(v"1.2.3"), " ", nextpatch(v"1.2.3"))
println(VersionNumber("v3.4.5"))
d = Dict(v"1.0" => "one", v"2.0" => "two")
println(d[v"1.0.0"])
try
    VersionNumber("1.x")
catch err
    println(err)
end
println(tryparse(VersionNumber, "nope"))
println([v"1.0", v"2.1.3"])
println(maximum([v"1.0", v"2.1.3", v"2.0"]))
