# Scenario 6, package B: a method of Geom's `area` that is more specific than the fallback that
# Geom's cached `describe(::Square)` was compiled against.
module GeomArea

import Geom

Geom.area(s::Geom.Square) = s.side^2

end
