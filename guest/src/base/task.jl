# Tasks (Julia's base/task.jl): `Task`, `schedule`, `yield`, `wait`, `fetch`, `Condition`,
# `@sync` bookkeeping. The VM keeps each task's frame stack and the run queue; the primitives it
# provides are `_task_register`, `_task_enqueue`, `_task_park`, `current_task` and a few queries.

mutable struct Task
    code::Any
    # The task's creation number (1 is the main task): printed where Julia prints an address.
    id::Int
    # :runnable, :done or :failed.
    state::Symbol
    result::Any
    exception::Any
    donenotify::Any
    # Where the task's exception was thrown: `(function, file, line)` tuples, innermost first.
    backtrace::Any
end

function Task(f)
    t = Task(f, 0, :runnable, nothing, nothing, nothing, nothing)
    t.id = _task_register(t)
    return t
end

_task_set_main(Task(nothing, 1, :runnable, nothing, nothing, nothing, nothing))

function _hex16(n::Int)
    digits = "0123456789abcdef"
    s = ""
    for k in 1:16
        s = string(digits[n % 16 + 1], s)
        n = div(n, 16)
    end
    return s
end

show(io::IO, t::Task) = print(io, "Task (", t.state, ") @0x", _hex16(t.id))

istaskdone(t::Task) = t.state !== :runnable
istaskfailed(t::Task) = t.state === :failed
istaskstarted(t::Task) = _task_started(t.id)

# Where every task but the main one starts: runs its function and records how it ended.
function _task_entry(t::Task)
    try
        t.result = t.code()
        t.state = :done
    catch e
        t.backtrace = _caught_backtrace()
        t.result = e
        t.exception = e
        t.state = :failed
    end
    t.donenotify === nothing || notify(t.donenotify)
    return nothing
end

function schedule(t::Task)
    istaskdone(t) && error("schedule: Task not runnable")
    _task_enqueue(t.id, nothing, false)
    return t
end

function schedule(t::Task, val; error=false)
    istaskdone(t) && throw(ErrorException("schedule: Task not runnable"))
    _task_enqueue(t.id, val, error)
    return t
end

# Suspends the current task until something schedules it; returns the value it is woken with.
wait() = _task_park()

function yield()
    _task_enqueue(current_task().id, nothing, false)
    _task_park()
    return nothing
end

struct TaskFailedException <: Exception
    task::Task
end

mutable struct CompositeException <: Exception
    exceptions::Vector{Any}
end

CompositeException() = CompositeException(Any[])
push!(c::CompositeException, e) = (push!(c.exceptions, e); c)
length(c::CompositeException) = length(c.exceptions)
isempty(c::CompositeException) = isempty(c.exceptions)
iterate(c::CompositeException, s=1) = s > length(c.exceptions) ? nothing : (c.exceptions[s], s + 1)

# `Condition()`: tasks wait on it until `notify`.
mutable struct Condition
    waitq::Vector{Task}
end

Condition() = Condition(Task[])

function wait(c::Condition)
    ct = current_task()
    push!(c.waitq, ct)
    return _task_park()
end

function notify(c::Condition, arg=nothing; all=true, error=false)
    cnt = 0
    while !isempty(c.waitq)
        t = popfirst!(c.waitq)
        _task_enqueue(t.id, arg, error)
        cnt += 1
        all || break
    end
    return cnt
end

function _wait(t::Task)
    t === current_task() && error("deadlock detected: cannot wait on current task")
    if !istaskdone(t)
        t.donenotify === nothing && (t.donenotify = Condition())
        while !istaskdone(t)
            wait(t.donenotify)
        end
    end
    return nothing
end

function wait(t::Task)
    _wait(t)
    istaskfailed(t) && throw(TaskFailedException(t))
    return nothing
end

function fetch(t::Task)
    wait(t)
    return t.result
end

# `@async` and `@sync` (lowered in `lower::expand`): `@async` schedules a task and, inside
# `@sync`, records it; `sync_end` waits for every recorded task.
function _async(f, sync)
    t = Task(f)
    sync === nothing || push!(sync, t)
    schedule(t)
    return t
end

function sync_end(tasks::Vector{Any})
    c_ex = nothing
    while !isempty(tasks)
        t = popfirst!(tasks)
        _wait(t)
        if istaskfailed(t)
            c_ex === nothing && (c_ex = CompositeException())
            push!(c_ex, TaskFailedException(t))
        end
    end
    c_ex === nothing || throw(c_ex)
    return nothing
end
