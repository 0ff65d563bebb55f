# The Printf standard library: conversions, flags, width, precision, rounding.
using Printf
@printf("%d|%5d|%-5d|%05d|%+d|% d\n", 42, 42, 42, 42, 42, 42)
@printf("%x %X %o %#x %#o %08.3f\n", 255, 255, 8, 255, 8, 3.14159)
@printf("%.2f %10.4f %-10.2f| %e %E %.3e\n", 3.14159, 2.5, 1.0, 12345.678, 0.000123, -1.5)
@printf("%g %g %g %g %G %.3g %#g\n", 100000.0, 1000000.0, 0.0001, 0.00001, 1e-10, 3.14159, 1.0)
@printf("%s %10s|%-10s|%.2s %c %%\n", "hi", "right", "left", "truncate", 'Z')
println(@sprintf("%5.1f%%", 45.678), " ", @sprintf("%s and %s", [1, 2], :sym))
@printf("%.0f %.0f %.0f %.1f\n", 0.5, 1.5, 2.5, 0.05)
@printf(stdout, "%d items\n", 3)
@printf("%f %f %5.1f %d\n", Inf, NaN, -Inf, -0)
@printf("%.3f %d\n", -0.0, typemin(Int64))
s = @sprintf "%3d|" 7
println(s)
println(Printf.format(Printf.Format("%d-%d"), 1, 2))
# Julia's messages for these are its own; what matters is that each is an error.
try
    @sprintf("%d %d", 1)
catch e
    println(e isa ArgumentError)
end
try
    Printf.Format("%y")
catch e
    println(e isa Exception)
end
