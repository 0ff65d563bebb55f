io = IOBuffer()
write(io, "hello ")
n = write(io, "world", '!', "\n")
println(n)
print(io, 42)
s = String(take!(io))
println(repr(s))
r = IOBuffer("line one\nline two\r\nline three")
println(readline(r))
println(repr(readline(r; keep=false)))
println(eof(r))
println(readline(r))
println(eof(r), " ", repr(readline(r)))
for l in eachline(IOBuffer("a\nb\nc\n"))
    println("got ", l)
end
println(readlines(IOBuffer("x\ny"); keep=true))
println(read(IOBuffer("all of it"), String))
println(read(IOBuffer("é!"), Char))
println(countlines(IOBuffer("1\n2\n3")))
b = IOBuffer("abc")
println(read(b, UInt8), " ", position(b))
try
    write(b, "x")
catch e
    showerror(stdout, e); println()
end
println(joinpath("a", "b", "c.txt"), " ", joinpath("a/", "/abs", "x"))
println(splitdir("/home/user/file.txt"), " ", basename("a/b.jl"), " ", dirname("a/b.jl"))
println(splitext("archive.tar.gz"), " ", splitext(".bashrc"), " ", splitext("dir.d/file"))
println(normpath("a/./b/../c//d/"), " ", normpath("/../x/.."), " ", isabspath("/x"))
println(splitpath("/a/b/c"))
# Files the script's directory holds can be read (it is granted to the script).
println(isfile("io_streams.in"), " ", isdir("."), " ", filesize("io_streams.in"))
println(readlines("io_streams.in")[1:2])
open("io_streams.in") do io
    println(readline(io; keep=true), isopen(io))
end
println(length(read("io_streams.in")), " ", first(readchomp("io_streams.in"), 6))
println(count(l -> startswith(l, "rest"), eachline("io_streams.in")))
println(basename(@__FILE__), " ", @__DIR__() == dirname(@__FILE__))
try
    open("does/not/exist.txt")
catch e
    showerror(stdout, e); println()
end
try
    readdir("nodir")
catch e
    showerror(stdout, e); println()
end
println(haskey(ENV, "KILN_SURELY_UNSET"), " ", get(ENV, "KILN_SURELY_UNSET", "default"))
ENV["MYVAR"] = 12
println(ENV["MYVAR"], " ", haskey(ENV, "MYVAR"))
delete!(ENV, "MYVAR")
try
    ENV["MYVAR"]
catch e
    showerror(stdout, e); println()
end
println(typeof(IOBuffer()), " ", stdin isa IO)
println(readline(), "|", readline())
println(readlines())
println(repr(readline()), " ", eof(stdin))
