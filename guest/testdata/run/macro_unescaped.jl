# An unescaped name in a macro's result means the macro module's global, not the caller's
# local: here there is no such global.
macro getx()
    :(x)
end
function f()
    x = 1
    @getx
end
f()
