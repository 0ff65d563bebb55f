println("before")
function broken(x)
    x +
