# Evaluated by the workload only: defines things the untouched session does not have.
struct Temporary <: Leaky.Thing end
Leaky.weight(t::Temporary) = 0
Leaky.total([Temporary()])
# A more specific method that changes how `describe(::Widget)` dispatches `label`.
Leaky.label(w::Leaky.Widget) = "widget"
Leaky.describe(Leaky.Widget(4))
