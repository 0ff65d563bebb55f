# `sleep` and `Timer` (Julia's base/asyncevent.jl), over the scheduler's timers: a task made
# runnable once a time has passed (`_task_wake_after`), the host's clock and sleep underneath.

# Waiting on a closed timer (Julia's base/io.jl defines it).
struct EOFError <: Exception end

function sleep(sec::Real)
    sec >= 0 || throw(ArgumentError("cannot sleep for $sec seconds"))
    _task_wake_after(current_task().id, sec)
    _task_park()
    return nothing
end

mutable struct Timer
    cond::Condition
    isopen::Bool
    # Fired and not yet consumed by a `wait`.
    set::Bool
    interval::Float64
    # The task the scheduler wakes when the timer is due (it fires the timer).
    waker::Any
end

function Timer(timeout::Real; interval::Real=0.0)
    timeout >= 0 || throw(ArgumentError("timer cannot have negative timeout of $timeout seconds"))
    interval >= 0 || throw(ArgumentError("timer cannot repeat at negative interval of $interval seconds"))
    t = Timer(Condition(), true, false, float(interval), nothing)
    _timer_arm(t, timeout)
    return t
end

# `Timer(cb, timeout; interval)`: `cb(timer)` runs in a task of its own each time it fires.
function Timer(cb::Function, timeout::Real; interval::Real=0.0)
    timer = Timer(timeout; interval=interval)
    schedule(Task(() -> begin
        while _trywait(timer)
            cb(timer)
            isopen(timer) || return nothing
        end
        return nothing
    end))
    return timer
end

function _timer_arm(t::Timer, secs)
    waker = Task(() -> _timer_fire(t))
    t.waker = waker
    _task_wake_after(waker.id, secs)
end

function _timer_fire(t::Timer)
    t.isopen || return nothing
    t.set = true
    if t.interval > 0
        _timer_arm(t, t.interval)
    else
        # A one-shot timer is closed once it fired.
        t.isopen = false
        t.waker = nothing
    end
    notify(t.cond, true)
    return nothing
end

isopen(t::Timer) = t.isopen

function close(t::Timer)
    t.isopen || return nothing
    t.isopen = false
    t.waker === nothing || _task_cancel_wake(t.waker.id)
    t.waker = nothing
    notify(t.cond, false)
    return nothing
end

# Waits for the timer to fire; false when it was closed instead.
function _trywait(t::Timer)
    if !t.set
        t.isopen || return false
        t.set = wait(t.cond)
    end
    set = t.set
    t.set = false
    return set
end

wait(t::Timer) = (_trywait(t) || throw(EOFError()); nothing)
