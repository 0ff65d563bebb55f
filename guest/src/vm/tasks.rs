//! Tasks and the cooperative scheduler: each `Task` owns a frame stack, a FIFO run queue, and the
//! few primitives Base's `task.jl` and `channels.jl` are written over.
//!
//! Switching tasks swaps the VM's current frame stack (`Runtime::frames`) with the stack the next
//! task left behind; no Rust stack is kept per task. A switch is requested by the `_task_park`
//! builtin and carried out by the interpreter loop right after that builtin returns, so it only
//! ever happens at an instruction boundary of a task's own code. It is refused (a Julia error)
//! when a Rust builtin sits between the current task's frames (a builtin that called back into
//! Julia, such as printing with a user `show`): that Rust frame could not be suspended with the
//! task.
//!
//! Invariants: only a loop started by the main task at the top level (a top-level thunk or the
//! outermost call of a session operation) ever switches tasks, so every switch happens in a loop
//! owned by the main task; every other task's stack starts at its entry frame
//! (`Base._task_entry(t)`, which catches whatever the task throws), so a task ends when that frame
//! returns.

use std::collections::VecDeque;

use super::builtins::def;
use super::{Frame, JlError, JlResult, Runtime};
use crate::lower::ir::Reg;
use crate::symbol::Sym;
use crate::value::Value;

/// The number of the main task (the one sessions run on).
pub const MAIN: usize = 1;

/// The scheduler's state: the tasks that are not finished, which one runs, which ones may run
/// next.
#[derive(Default)]
pub struct Scheduler {
    /// By task number (`Task.id`, in creation order); a finished task's slot is freed.
    pub tasks: rustc_hash::FxHashMap<usize, TaskSlot>,
    /// The number the next task gets.
    pub next_id: usize,
    pub current: usize,
    /// Runnable tasks, in the order they were scheduled.
    pub queue: VecDeque<usize>,
    /// Set by `_task_park`: the interpreter switches to the next runnable task when the builtin
    /// returns.
    pub switch_requested: bool,
    /// Tasks to make runnable at a time (`sleep`, `Timer`): (deadline in the host's monotonic
    /// nanoseconds, task), by deadline, in the order they were set among equal deadlines.
    pub timers: Vec<(u64, usize)>,
}

/// One task's VM-side state.
pub struct TaskSlot {
    /// The Julia `Task` object.
    pub obj: Value,
    /// Its frames and their registers while it is not running (`Runtime::frames`, `stack`).
    pub frames: Vec<Frame>,
    pub stack: Vec<Value>,
    pub started: bool,
    pub queued: bool,
    /// The VM nesting at which this task may switch away (no Rust builtin above its frames).
    pub level: u32,
    /// What the task resumes with: a value, or an exception to throw.
    pub wake: Option<(Value, bool)>,
    /// The register of the suspended frame that receives the wake value.
    pub resume_reg: Reg,
}

impl Default for TaskSlot {
    fn default() -> TaskSlot {
        TaskSlot {
            obj: Value::Nothing,
            frames: Vec::new(),
            stack: Vec::new(),
            started: false,
            queued: false,
            level: 0,
            wake: None,
            resume_reg: 0,
        }
    }
}

impl Scheduler {
    pub fn new() -> Scheduler {
        let mut tasks = rustc_hash::FxHashMap::default();
        tasks.insert(
            MAIN,
            TaskSlot {
                started: true,
                ..TaskSlot::default()
            },
        );
        Scheduler {
            tasks,
            next_id: MAIN + 1,
            current: MAIN,
            ..Scheduler::default()
        }
    }

    /// The slot of a task that is not finished.
    pub fn slot(&mut self, id: usize) -> &mut TaskSlot {
        self.tasks.get_mut(&id).expect("a live task")
    }
}

impl Runtime {
    /// How many tasks other than the main one are not finished (blocked, runnable, or never
    /// scheduled).
    pub fn unfinished_tasks(&self) -> u32 {
        self.sched.tasks.keys().filter(|&&id| id != MAIN).count() as u32
    }

    /// Lets the main task switch in the loop about to start when it is the outermost loop of a
    /// session operation, or a top-level thunk (`include`) started by code that may itself switch;
    /// returns what to restore when that loop ends.
    pub(super) fn enter_switchable_loop(&mut self, toplevel: bool) -> Option<u32> {
        let main_level = self.sched.slot(MAIN).level;
        if self.sched.current != MAIN
            || !(self.nesting == 0 || (toplevel && main_level == self.nesting))
        {
            return None;
        }
        let main = self.sched.slot(MAIN);
        let saved = main.level;
        main.level = self.nesting + 1;
        Some(saved)
    }

    pub(super) fn leave_switchable_loop(&mut self, saved: Option<u32>) {
        if let Some(level) = saved {
            self.sched.slot(MAIN).level = level;
        }
    }

    /// Suspends the current task (its frame's `resume` register gets the wake value) and resumes
    /// the next runnable one. With nothing runnable every live task waits: the main task gets a
    /// deadlock error.
    ///
    /// # Errors
    /// The exception the resumed task is woken with, or the deadlock error (thrown in the main
    /// task); the caller unwinds the now current stack.
    pub(super) fn switch_away(&mut self, resume: Reg) -> JlResult<()> {
        let cur = self.sched.current;
        if let Some(slot) = self.sched.tasks.get_mut(&cur) {
            slot.resume_reg = resume;
        }
        if !self.sched.timers.is_empty() {
            self.fire_due_timers();
            if self.sched.queue.is_empty() {
                self.wait_for_first_timer();
            }
        }
        let Some(next) = self.sched.queue.pop_front() else {
            let e = self.deadlock_error();
            if cur != MAIN {
                self.swap_to(MAIN);
            }
            return Err(e);
        };
        self.sched.slot(next).queued = false;
        if next != cur {
            self.swap_to(next);
        }
        let nesting = self.nesting;
        let slot = self.sched.slot(next);
        if next != MAIN {
            slot.level = nesting;
        }
        if !slot.started {
            slot.started = true;
            slot.wake = None;
            let t = slot.obj.clone();
            let entry = match self.world.lookup(self.world.base, Sym::new("_task_entry")) {
                Some(f) => f.clone(),
                None => return Err(self.error_exception("Base._task_entry is not defined")),
            };
            return match self.start_call(&entry, vec![t], 0)? {
                super::Started::Pushed => Ok(()),
                super::Started::Done(_) => {
                    Err(self.error_exception("Base._task_entry must be a Julia function"))
                }
            };
        }
        match slot.wake.take() {
            Some((v, true)) => Err(JlError::new(v)),
            Some((v, false)) => {
                let r = slot.resume_reg as usize;
                if let Some(fr) = self.frames.last() {
                    self.stack[fr.base + r] = v;
                }
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Makes the tasks whose timers are due runnable, in deadline order.
    fn fire_due_timers(&mut self) {
        let now = self.host.monotonic_ns();
        let due = self.sched.timers.partition_point(|&(d, _)| d <= now);
        for (_, id) in self.sched.timers.drain(..due).collect::<Vec<_>>() {
            if let Some(slot) = self.sched.tasks.get_mut(&id)
                && !slot.queued
            {
                slot.queued = true;
                slot.wake = None;
                self.sched.queue.push_back(id);
            }
        }
    }

    /// Nothing can run before the first timer is due: waits for it (the host sleeps).
    fn wait_for_first_timer(&mut self) {
        self.flush();
        while let Some(&(deadline, _)) = self.sched.timers.first() {
            let now = self.host.monotonic_ns();
            if now >= deadline {
                break;
            }
            self.host.sleep_ns(deadline - now);
        }
        self.fire_due_timers();
    }

    /// The current task's entry frame returned (or let an exception escape): it is done, and
    /// its slot is freed (the Julia `Task` keeps its result).
    pub(super) fn finish_current_task(&mut self) {
        let cur = self.sched.current;
        if cur != MAIN {
            self.sched.tasks.remove(&cur);
        }
    }

    fn swap_to(&mut self, next: usize) {
        let cur = self.sched.current;
        let slot = self.sched.slot(next);
        let frames = std::mem::take(&mut slot.frames);
        let stack = std::mem::take(&mut slot.stack);
        let old = std::mem::replace(&mut self.frames, frames);
        let old_stack = std::mem::replace(&mut self.stack, stack);
        if let Some(slot) = self.sched.tasks.get_mut(&cur) {
            slot.frames = old;
            slot.stack = old_stack;
        }
        self.sched.current = next;
    }

    /// The error the main task gets when it waits and no task can ever wake it.
    fn deadlock_error(&mut self) -> JlError {
        let mut ids: Vec<usize> = self
            .sched
            .tasks
            .iter()
            .filter(|(_, s)| s.started && !s.queued)
            .map(|(&i, _)| i)
            .collect();
        ids.sort_unstable();
        let blocked: Vec<String> = ids
            .into_iter()
            .map(|i| {
                let what = if i == MAIN { " (the main task)" } else { "" };
                format!("Task @0x{i:016x}{what}")
            })
            .collect();
        self.error_exception(format!(
            "deadlock detected: every task is waiting and none can be woken; blocked: {}",
            blocked.join(", ")
        ))
    }

    /// The number of a task created so far, from its `Task.id`.
    fn task_id(&mut self, fname: &str, v: &Value) -> JlResult<usize> {
        match v {
            Value::Int(id) if *id >= 1 && (*id as usize) < self.sched.next_id => Ok(*id as usize),
            _ => Err(self.argument_error(format!("{fname}: not a task number"))),
        }
    }
}

/// Installs the scheduler's primitives (in `Base`, named with a leading underscore: `task.jl`
/// wraps them in Julia's API).
pub fn install(rt: &mut Runtime) {
    let b = rt.world.types.b;
    let base = rt.world.base;
    let (any, int, bool_) = (b.any, b.int64, b.bool_);
    // `_task_register(t)`: a new task slot for the Julia `Task` object `t`; returns its number.
    def(rt, base, "_task_register", &[any], None, |rt, a| {
        let max = rt.limits.max_tasks as usize;
        if rt.sched.tasks.len() >= max {
            return Err(rt.error_exception(format!(
                "cannot create a task: {} tasks are alive, the most this session allows \
                 (kiln's --max-tasks)",
                rt.sched.tasks.len()
            )));
        }
        let id = rt.sched.next_id;
        rt.sched.next_id += 1;
        let slot = TaskSlot {
            obj: a[0].clone(),
            ..TaskSlot::default()
        };
        rt.sched.tasks.insert(id, slot);
        Ok(Value::Int(id as i64))
    });
    // `_task_set_main(t)`: `t` is the Julia object of the main task (number 1).
    def(rt, base, "_task_set_main", &[any], None, |rt, a| {
        rt.sched.slot(MAIN).obj = a[0].clone();
        Ok(Value::Nothing)
    });
    def(rt, base, "current_task", &[], None, |rt, _| {
        let cur = rt.sched.current;
        Ok(rt.sched.slot(cur).obj.clone())
    });
    // `_task_enqueue(id, val, iserror)`: makes task `id` runnable; it resumes with `val` (thrown
    // when `iserror`).
    def(rt, base, "_task_enqueue", &[int, any, bool_], None, enqueue);
    def(
        rt,
        base,
        "_task_wake_after",
        &[int, b.real],
        None,
        wake_after,
    );
    def(rt, base, "_task_cancel_wake", &[int], None, cancel_wake);
    // `_task_park()`: suspends the current task until something schedules it again; returns the
    // value it is woken with.
    def(rt, base, "_task_park", &[], None, |rt, _| {
        let cur = rt.sched.current;
        if rt.nesting != rt.sched.slot(cur).level {
            return Err(rt.error_exception(
                "cannot switch tasks here: this code runs under a Rust builtin that called back \
                 into Julia (such as printing with a user `show` method, `collect` or splatting \
                 of a user-defined iterator, a user `convert` called by a builtin, a package's \
                 `__init__`, or `include` outside the main task), which cannot be suspended",
            ));
        }
        rt.sched.switch_requested = true;
        Ok(Value::Nothing)
    });
    def(rt, base, "_task_started", &[int], None, |rt, a| {
        let i = rt.task_id("istaskstarted", &a[0])?;
        // A finished task's slot is gone: it started.
        Ok(Value::Bool(
            rt.sched.tasks.get(&i).is_none_or(|s| s.started),
        ))
    });
    // `_caught_backtrace()`: where the exception just caught was thrown, as a vector of
    // `(function, file, line)` tuples (a failed task keeps it for its `TaskFailedException`).
    def(rt, base, "_caught_backtrace", &[], None, |rt, _| {
        let mut bt = std::mem::take(&mut rt.caught_backtrace);
        // The entry frame itself is not part of what the task ran (Julia does not show it).
        if bt
            .last()
            .is_some_and(|f| f.func.starts_with("_task_entry("))
        {
            bt.pop();
        }
        let items = bt
            .into_iter()
            .map(|f| {
                Value::tuple(vec![
                    Value::str(&f.func),
                    Value::Str(f.file),
                    Value::Int(i64::from(f.line)),
                ])
            })
            .collect();
        Ok(Value::vector(rt.world.types.b.any, items))
    });
}

/// `_task_enqueue(id, val, iserror)`.
#[allow(clippy::ptr_arg)] // the builtin signature
fn enqueue(rt: &mut Runtime, a: &mut Vec<Value>) -> JlResult<Value> {
    let i = rt.task_id("schedule", &a[0])?;
    let Some(slot) = rt.sched.tasks.get_mut(&i).filter(|s| !s.queued) else {
        return Err(rt.error_exception("schedule: Task not runnable"));
    };
    slot.queued = true;
    slot.wake = Some((a[1].clone(), matches!(a[2], Value::Bool(true))));
    rt.sched.queue.push_back(i);
    Ok(Value::Nothing)
}

/// `_task_wake_after(id, seconds)`: makes task `id` runnable once `seconds` have passed.
#[allow(clippy::ptr_arg)] // the builtin signature
fn wake_after(rt: &mut Runtime, a: &mut Vec<Value>) -> JlResult<Value> {
    let id = rt.task_id("sleep", &a[0])?;
    let secs = match a[1] {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        Value::Bool(b) => f64::from(u8::from(b)),
        _ => return Err(rt.argument_error("sleep: the time must be a real number of seconds")),
    };
    if secs.is_nan() || secs < 0.0 {
        let shown = super::show::repr(rt, &a[1])?;
        return Err(rt.argument_error(format!("cannot sleep for {shown} seconds")));
    }
    // Longer than ~292 years saturates: such a timer never fires.
    let ns = (secs * 1e9).round().min(u64::MAX as f64) as u64;
    let deadline = rt.host.monotonic_ns().saturating_add(ns);
    let at = rt.sched.timers.partition_point(|&(d, _)| d <= deadline);
    rt.sched.timers.insert(at, (deadline, id));
    Ok(Value::Nothing)
}

/// `_task_cancel_wake(id)`: drops task `id`'s pending timers; a task that never started is
/// forgotten.
#[allow(clippy::ptr_arg)] // the builtin signature
fn cancel_wake(rt: &mut Runtime, a: &mut Vec<Value>) -> JlResult<Value> {
    let id = rt.task_id("close", &a[0])?;
    rt.sched.timers.retain(|&(_, t)| t != id);
    if rt
        .sched
        .tasks
        .get(&id)
        .is_some_and(|s| !s.started && !s.queued)
    {
        rt.sched.tasks.remove(&id);
    }
    Ok(Value::Nothing)
}
