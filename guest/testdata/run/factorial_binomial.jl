println(factorial(10), " ", factorial(20), " ", binomial(5, 2), " ", binomial(60, 30), " ", binomial(-5, 2), " ", binomial(10, 11), " ", factorial(Int32(5)), " ", typeof(factorial(Int32(5))))
try factorial(21) catch e; showerror(stdout, e); println() end
try binomial(100, 50) catch e; showerror(stdout, e); println() end
v=[10,20,30]; println(v[Int32(2)], v[0x03]); v[UInt8(1)] = 5; println(v); m=[1 2;3 4]; println(m[Int16(2), 0x01])
