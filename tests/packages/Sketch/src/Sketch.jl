# A package written for PrecompileTools, unmodified: its workload sits inside the module.
# kiln runs the @setup_workload block after the module is closed, in the clone it throws away.
module Sketch

using PrecompileTools

struct Shape
    name::String
    sides::Int
end

const MADE = Ref(0)
const SEEN = String[]

function describe(s::Shape)
    MADE[] += 1
    push!(SEEN, s.name)
    return string(s.name, " has ", s.sides, " sides")
end

perimeter(s::Shape, len) = s.sides * len

@setup_workload begin
    shapes = [Shape("triangle", 3), Shape("square", 4)]
    total = 0
    @compile_workload begin
        for s in shapes
            describe(s)
            total += perimeter(s, 2)
        end
        sort(shapes; by = s -> s.sides, rev = true)
    end
    println("workload total: ", total)
end

@compile_workload begin
    perimeter(Shape("hexagon", 6), 1.5)
end

end # module
