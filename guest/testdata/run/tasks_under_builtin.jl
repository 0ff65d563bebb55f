# A task cannot be suspended while a Rust builtin sits between its frames: here `println`
# calls a user `show` that yields. kiln raises an error instead (Julia would switch tasks).
struct Slow end
Base.show(io::IO, ::Slow) = (yield(); print(io, "Slow()"))
other = @async println("other task ran")
try
    println(Slow())
catch e
    println(e.msg)
end
wait(other)
