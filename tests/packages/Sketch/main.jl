using Sketch
println(Sketch.MADE[], " ", Sketch.SEEN)
println(Sketch.describe(Sketch.Shape("pentagon", 5)))
println(Sketch.perimeter(Sketch.Shape("square", 4), 2), " ", Sketch.perimeter(Sketch.Shape("hexagon", 6), 1.5))
println(Sketch.MADE[], " ", Sketch.SEEN)
