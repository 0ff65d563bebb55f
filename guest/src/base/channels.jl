# Channels (Julia's base/channels.jl): `Channel{T}(n)`, `Channel(f)`, `put!`, `take!`, `close`,
# `isopen`, `isready`, iteration, `collect`. Written over `Condition`s (task.jl).

abstract type AbstractChannel{T} end

struct InvalidStateException <: Exception
    msg::String
    state::Symbol
end

mutable struct Channel{T} <: AbstractChannel{T}
    cond_take::Condition
    cond_wait::Condition
    cond_put::Condition
    state::Symbol
    excp::Any
    data::Vector{T}
    sz_max::Int
end

function _channel_size(sz)
    sz === Inf && return typemax(Int)
    (sz isa Integer && sz >= 0) || throw(ArgumentError("Channel size must be either 0, a positive integer or Inf"))
    return sz
end

_new_channel(T, sz) = Channel{T}(Condition(), Condition(), Condition(), :open, nothing, T[], _channel_size(sz))

# `Channel{T}(sz)` and `Channel{T}(f, sz; spawn)`.
Channel{T}(sz=0) where {T} = _new_channel(T, sz)

function Channel{T}(func::Function, sz=0; taskref=nothing, spawn=false) where {T}
    chnl = _new_channel(T, sz)
    task = Task(() -> func(chnl))
    bind(chnl, task)
    schedule(task)
    taskref === nothing || (taskref[] = task)
    return chnl
end

Channel(sz=0) = _new_channel(Any, sz)
Channel(func::Function, sz=0; taskref=nothing, spawn=false) =
    Channel{Any}(func, sz; taskref=taskref, spawn=spawn)

eltype(::Channel{T}) where {T} = T
isbuffered(c::Channel) = c.sz_max > 0
isopen(c::Channel) = c.state === :open
n_avail(c::Channel) = isbuffered(c) ? length(c.data) : length(c.cond_put.waitq)
isready(c::Channel) = n_avail(c) > 0
isempty(c::Channel) = isbuffered(c) ? isempty(c.data) : isempty(c.cond_put.waitq)

show(io::IO, c::Channel) = print(io, typeof(c), "(", c.sz_max, ")")

closed_exception() = InvalidStateException("Channel is closed.", :closed)

function check_channel_state(c::Channel)
    if !isopen(c)
        c.excp === nothing || throw(c.excp)
        throw(closed_exception())
    end
end

function _notify_error(c::Condition, err)
    while !isempty(c.waitq)
        t = popfirst!(c.waitq)
        _task_enqueue(t.id, err, true)
    end
end

function close(c::Channel, excp=closed_exception())
    isopen(c) || return nothing
    c.excp = excp
    c.state = :closed
    _notify_error(c.cond_take, excp)
    _notify_error(c.cond_wait, excp)
    _notify_error(c.cond_put, excp)
    return nothing
end

# When `task` ends, close `c` (with a `TaskFailedException` when it failed).
function bind(c::Channel, task::Task)
    closer = Task(() -> _close_chnl_on_taskdone(task, c))
    task.donenotify === nothing && (task.donenotify = Condition())
    push!(task.donenotify.waitq, closer)
    return c
end

function _close_chnl_on_taskdone(t::Task, c::Channel)
    isopen(c) || return nothing
    if istaskfailed(t)
        close(c, TaskFailedException(t))
    else
        close(c)
    end
    return nothing
end

function put!(c::Channel, v)
    check_channel_state(c)
    v = convert(eltype(c), v)
    return isbuffered(c) ? _put_buffered(c, v) : _put_unbuffered(c, v)
end

function _put_buffered(c::Channel, v)
    while length(c.data) == c.sz_max
        check_channel_state(c)
        wait(c.cond_put)
    end
    check_channel_state(c)
    push!(c.data, v)
    # All of them: some may be waiting in `fetch` or `wait`.
    notify(c.cond_take, nothing; all=true)
    return v
end

function _put_unbuffered(c::Channel, v)
    while isempty(c.cond_take.waitq)
        check_channel_state(c)
        notify(c.cond_wait)
        wait(c.cond_put)
    end
    taker = popfirst!(c.cond_take.waitq)
    schedule(taker, v)
    # Give the taker a chance to run at once, without blocking this task.
    yield()
    return v
end

take!(c::Channel) = isbuffered(c) ? _take_buffered(c) : _take_unbuffered(c)

function _take_buffered(c::Channel)
    while isempty(c.data)
        check_channel_state(c)
        wait(c.cond_take)
    end
    v = popfirst!(c.data)
    # One slot is free: wake one putter.
    notify(c.cond_put, nothing; all=false)
    return v
end

function _take_unbuffered(c::Channel)
    check_channel_state(c)
    notify(c.cond_put, nothing; all=false)
    return wait(c.cond_take)
end

function fetch(c::Channel)
    isbuffered(c) || throw(ErrorException("`fetch` is not supported on an unbuffered Channel."))
    while isempty(c.data)
        check_channel_state(c)
        wait(c.cond_take)
    end
    return c.data[1]
end

function wait(c::Channel)
    while !isready(c)
        check_channel_state(c)
        wait(c.cond_wait)
    end
    return nothing
end

function iterate(c::Channel, state=nothing)
    if isopen(c) || isready(c)
        try
            return (take!(c), nothing)
        catch e
            if isa(e, InvalidStateException) && e.state === :closed
                return nothing
            end
            rethrow(e)
        end
    end
    return nothing
end

function collect(c::Channel)
    out = Vector{eltype(c)}()
    for x in c
        push!(out, x)
    end
    return out
end
