//! The VM: runs lowered code on an explicit frame stack (a Julia call never recurses in Rust),
//! dispatches generic calls through method instances, and unwinds Julia exceptions.

pub mod arrays;
pub mod bitarray;
pub mod builtins;
pub mod expr;
pub mod gc;
pub mod gmp;
pub mod hash;
pub mod intrinsics;
pub mod io;
pub mod random;
pub mod regex;
pub mod show;
pub mod tasks;
pub mod unicode;

use std::rc::Rc;

use crate::host::{Host, RuntimeLimits};
use crate::ids::{FuncId, MiId, ModuleId, TyId};
use crate::lower::ir::{CodeInfo, Inst, Reg};
use crate::memory;
use crate::symbol::Sym;
use crate::types::TyKind;
use crate::value::{Closure, Value};
use crate::world::{
    CallSite, CodeInstance, DispatchError, GlobalSite, MethodBody, SITE_MAX_ARGS, World,
};
use builtins::{BuiltinFn, InlineOp};

/// Deepest nesting of Rust → Julia re-entry (builtins such as `map` calling a function).
const MAX_NESTING: u32 = 200;

/// One activation of lowered code. Its registers are `Runtime::stack[base..base + nregs]`.
#[derive(Debug)]
pub struct Frame {
    pub code: Rc<CodeInfo>,
    pub pc: usize,
    /// Where the frame's registers start in its task's register stack.
    pub base: usize,
    pub closure: Option<Rc<Closure>>,
    pub mi: Option<MiId>,
    /// Register of the caller that receives the result.
    pub ret: Reg,
    /// Active `try` handlers: where to jump and which register gets the exception.
    pub handlers: Vec<(u32, Reg)>,
}

/// One line of a Julia backtrace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BtFrame {
    pub func: String,
    pub file: Rc<str>,
    pub line: u32,
    /// Column of the call or operation, 0 when unknown.
    pub column: u32,
}

/// A Julia exception in flight: the thrown value and where it was thrown.
#[derive(Clone, Debug)]
pub struct JlError {
    pub value: Value,
    pub backtrace: Vec<BtFrame>,
}

impl JlError {
    pub fn new(value: Value) -> JlError {
        JlError {
            value,
            backtrace: Vec::new(),
        }
    }
}

pub type JlResult<T> = Result<T, JlError>;

/// The runtime: the world it runs code against, the host it does IO through, and the VM's own
/// state (the frame stack, output buffer, builtin table).
pub struct Runtime {
    pub world: World,
    pub host: Box<dyn Host>,
    /// Rust builtins, indexed by `BuiltinId` (`MethodBody::Builtin`).
    pub builtins: Vec<BuiltinFn>,
    /// The builtins a call site runs in place (arithmetic, comparisons, `iterate` of ranges and
    /// arrays), by `BuiltinId` (possibly shorter than `builtins`).
    pub inline_ops: Vec<Option<builtins::InlineOp>>,
    /// Buffered standard output, flushed to the host.
    pub stdout: Vec<u8>,
    /// The current task's frames, innermost last.
    pub frames: Vec<Frame>,
    /// The current task's registers: every frame's, one after another (the innermost frame's
    /// are the last `nregs`). A call writes its arguments straight into the callee's first
    /// registers; a return truncates the stack to where the returning frame's began.
    pub stack: Vec<Value>,
    /// Nesting of VM loops started from Rust (builtins that call back into Julia).
    pub nesting: u32,
    /// `Base.precompilation(M) do … end` workloads (and PrecompileTools blocks), in the order
    /// they were registered, with the module each belongs to.
    pub workloads: Vec<(ModuleId, Value)>,
    /// Packages whose loading is in progress (to report cycles).
    pub loading: Vec<Sym>,
    /// The package being defined by `define-package`, whose `using`s are its dependencies.
    pub defining: Option<Sym>,
    pub args: Vec<String>,
    /// Report each compilation on stderr (`--trace-compile`).
    pub trace_compile: bool,
    /// Vectors kept for reuse as call arguments and frame registers.
    pub vec_pool: Vec<Vec<Value>>,
    /// Call-site and global caches of closures' bodies and top-level thunks, by code address.
    pub code_caches: rustc_hash::FxHashMap<usize, CodeCache>,
    /// Scratch buffer for the argument types of a call.
    pub argtypes_buf: Vec<TyId>,
    /// `Tuple{Int64, Int64}`, what `iterate` of a range returns: `note_return` recognises it
    /// by its id, without walking the value against the return type.
    pub int_pair: TyId,
    /// Keyword arguments of the call being started, taken by the frame it pushes.
    pub pending_kws: Vec<(Sym, Value)>,
    /// Nesting of `include` calls (a file that includes itself is stopped).
    pub include_depth: u32,
    /// Containers being printed, innermost last (cycle detection and a depth bound).
    pub show_stack: Vec<usize>,
    /// Print with the builtin `show` only, never calling Julia `show` methods (for summaries
    /// written while serializing, which must not run package code).
    pub plain_show: bool,
    /// Every task, the current one and the run queue.
    pub sched: tasks::Scheduler,
    /// The backtrace of the exception a `catch` last caught (kept for failed tasks).
    pub caught_backtrace: Vec<BtFrame>,
    /// Symbols made by `gensym` and macro hygiene so far (each gets the next number).
    pub gensyms: u32,
    /// Values embedded in code built as data, bound to hidden globals when it is evaluated.
    pub splices: u32,
    /// Files open for writing, whose new bytes go to the host on `flush`, `close`, and at the
    /// end of every entry point.
    pub open_files: Vec<Rc<std::cell::RefCell<crate::value::IoBuf>>>,
    /// The bounds of the current operation (the host's `runtime-limits`, asked by
    /// `refresh_limits` as each operation starts): call depth per task and live tasks.
    pub limits: RuntimeLimits,
    /// A package is being precompiled in this session (`define-package`, `run-workload`):
    /// unseeded random streams start from a fixed seed, so its image is reproducible.
    pub precompiling: bool,
    /// How many values of the fixed entropy sequence were taken while precompiling.
    pub fixed_entropy: u64,
    /// Readings of the deterministic clock taken while precompiling (`hermetic_clock`).
    pub hermetic_ticks: u64,
}

/// Most entries of `Runtime::code_caches`.
const MAX_CODE_CACHES: usize = 4096;

/// The call-site and global caches of code run without a method instance (`CodeInstance`
/// holds them for a method instance's code). It keeps its code alive, so the code's address,
/// its key in `Runtime::code_caches`, is not reused for other code while it is there. Entries
/// are validated as a code instance's are (world age, binding epoch); such frames record no
/// edges.
pub struct CodeCache {
    /// Held (never read) so that the address stays this code's.
    _code: Rc<CodeInfo>,
    sites: Vec<CallSite>,
    globals: Vec<GlobalSite>,
}

/// The key of `code` in `Runtime::code_caches`: its address (never observable, never stored).
fn code_key(code: &Rc<CodeInfo>) -> usize {
    Rc::as_ptr(code) as usize
}

/// What starting a call did.
enum Started {
    /// A builtin ran to completion.
    Done(Value),
    /// A frame was pushed; the loop continues in it.
    Pushed,
}

/// `attempt()`, and if it fails, again after collecting garbage: whether it succeeded. (A
/// collection frees memory even when it finds no cycle: the registry's weak references keep the
/// memory of objects already dropped until it runs.)
pub fn collecting_until(mut attempt: impl FnMut() -> bool) -> bool {
    use crate::value::gc;
    attempt() || (gc::enabled() && (gc::collect(), attempt()).1)
}

impl Runtime {
    /// The deterministic clock's next reading (nanoseconds since the Unix epoch) while a
    /// package is precompiled; `None` otherwise (the host's clocks are used).
    pub fn hermetic_clock(&mut self) -> Option<u64> {
        if !self.precompiling {
            return None;
        }
        self.hermetic_ticks += 1;
        Some(builtins::HERMETIC_EPOCH_NS + self.hermetic_ticks * 1_000_000)
    }

    /// The workloads registered for package module `pkg` and its submodules, in order.
    pub fn workloads_of(&self, pkg: ModuleId) -> impl Iterator<Item = Value> + '_ {
        self.workloads
            .iter()
            .filter(move |(m, _)| self.world.module_within(*m, pkg))
            .map(|(_, w)| w.clone())
    }

    /// A runtime with Core and the Rust builtins, before any Julia code of Base has run
    /// (`eval::boot` makes the runtime sessions use).
    pub fn new_core(host: Box<dyn Host>) -> Runtime {
        let mut world = World::new();
        let int64 = world.types.b.int64;
        let int_pair = world.types.tuple(vec![int64, int64]);
        let mut rt = Runtime {
            world,
            host,
            builtins: Vec::new(),
            inline_ops: Vec::new(),
            stdout: Vec::new(),
            frames: Vec::new(),
            stack: Vec::new(),
            nesting: 0,
            workloads: Vec::new(),
            loading: Vec::new(),
            defining: None,
            args: Vec::new(),
            trace_compile: false,
            vec_pool: Vec::new(),
            code_caches: Default::default(),
            argtypes_buf: Vec::new(),
            int_pair,
            pending_kws: Vec::new(),
            include_depth: 0,
            show_stack: Vec::new(),
            plain_show: false,
            sched: tasks::Scheduler::new(),
            caught_backtrace: Vec::new(),
            gensyms: 0,
            splices: 0,
            open_files: Vec::new(),
            limits: RuntimeLimits::default(),
            precompiling: false,
            fixed_entropy: 0,
            hermetic_ticks: 0,
        };
        builtins::install(&mut rt);
        intrinsics::install(&mut rt);
        tasks::install(&mut rt);
        gc::install(&mut rt);
        hash::install(&mut rt);
        expr::install(&mut rt);
        rt
    }

    /// The valid code instance of `mi`, compiling one when there is none (and reporting the
    /// compilation with `--trace-compile`).
    pub fn code_instance(&mut self, mi: MiId) -> &mut CodeInstance {
        if self.trace_compile
            && !self.world.has_valid_code(mi)
            && matches!(
                self.world.methods[self.world.mis[mi.index()].method.index()].body,
                MethodBody::Code(_)
            )
        {
            let line = format!("{}\n", self.world.precompile_statement(mi));
            self.flush();
            self.host.write_stderr(line.as_bytes());
        }
        self.world.code_instance(mi)
    }

    // ----- output -----

    /// Line-buffered standard output: what a program printed reaches the host line by line, so
    /// nothing is lost when it is stopped (timeout) and progress shows while it runs.
    pub fn write_stdout(&mut self, s: &str) {
        self.stdout.extend_from_slice(s.as_bytes());
        if self.stdout.len() >= 8192 || s.contains('\n') {
            self.flush();
        }
    }

    pub fn flush(&mut self) {
        if !self.stdout.is_empty() {
            let out = std::mem::take(&mut self.stdout);
            self.host.write_stdout(&out);
        }
    }

    /// The error value of a Julia `error(msg)`.
    pub fn error_exception(&mut self, msg: impl Into<String>) -> JlError {
        let t = self.world.exc.error;
        JlError::new(Value::new_struct(t, vec![Value::str(&msg.into())]))
    }

    // ----- errors -----

    pub fn throw_struct(&mut self, ty: TyId, fields: Vec<Value>) -> JlError {
        JlError::new(Value::new_struct(ty, fields))
    }

    pub fn undef_var_error(&mut self, name: Sym) -> JlError {
        let t = self.world.exc.undef_var;
        self.throw_struct(t, vec![Value::Symbol(name)])
    }

    pub fn type_error(&mut self, context: &str, expected: TyId, got: &Value) -> JlError {
        let t = self.world.exc.type_error;
        let got = got.clone();
        self.throw_struct(
            t,
            vec![
                Value::Symbol(Sym::new(context)),
                Value::str(""),
                Value::Type(expected),
                got,
            ],
        )
    }

    pub fn argument_error(&mut self, msg: impl Into<String>) -> JlError {
        let t = self.world.exc.argument;
        self.throw_struct(t, vec![Value::str(&msg.into())])
    }

    pub fn dimension_mismatch(&mut self, msg: impl Into<String>) -> JlError {
        let t = self.world.exc.dimension_mismatch;
        self.throw_struct(t, vec![Value::str(&msg.into())])
    }

    pub fn bounds_error(&mut self, a: Value, i: Value) -> JlError {
        let t = self.world.exc.bounds;
        self.throw_struct(t, vec![a, i])
    }

    pub fn method_error(&mut self, f: Value, args: Vec<Value>) -> JlError {
        let t = self.world.exc.method_error;
        self.throw_struct(t, vec![f, Value::tuple(args)])
    }

    /// The Julia backtrace of the current frame stack, innermost first.
    pub fn backtrace(&mut self) -> Vec<BtFrame> {
        let mut bt = Vec::new();
        for i in (0..self.frames.len()).rev() {
            let fr = &self.frames[i];
            let loc = fr
                .code
                .lines
                .get(fr.pc.saturating_sub(1))
                .copied()
                .unwrap_or(crate::lower::ir::Loc {
                    line: fr.code.line,
                    col: 0,
                });
            let (line, column) = (loc.line, loc.col);
            let file = fr.code.file.clone();
            let func = match fr.mi {
                Some(mi) => self.frame_signature(mi),
                None => {
                    let name = fr.code.name.to_string();
                    match &fr.closure {
                        Some(c) => {
                            let ty = c.ty;
                            let args: Vec<String> =
                                fr.code.arg_names.iter().map(|a| a.to_string()).collect();
                            format!("(::{})({})", self.world.type_string(ty), args.join(", "))
                        }
                        None => name,
                    }
                }
            };
            bt.push(BtFrame {
                func,
                file,
                line,
                column,
            });
        }
        compress_backtrace(bt)
    }

    /// `greet(name::String)`: a frame's function with its argument names and types.
    fn frame_signature(&mut self, mi: MiId) -> String {
        let m = self.world.mis[mi.index()].method;
        let f = self.world.methods[m.index()].func;
        let names = self.world.methods[m.index()].arg_names.clone();
        let spec = self.world.mis[mi.index()].spec_types.clone();
        let mut args: Vec<String> = spec
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                let n = names
                    .get(i)
                    .or(names.last())
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let n = if n.starts_with('#') { String::new() } else { n };
                format!("{n}::{}", self.world.type_string(t))
            })
            .collect();
        let func = &self.world.functions[f.index()];
        if func.call_of.is_some() && !args.is_empty() {
            // `(g::Greet)(n::Int64)`: the instance is shown as the callee.
            let object = args.remove(0);
            return format!("({object})({})", args.join(", "));
        }
        if func.name.as_str().starts_with('@') {
            // A macro's function, named as Julia writes it.
            return format!("var\"{}\"({})", func.name, args.join(", "));
        }
        format!("{}({})", func.name, args.join(", "))
    }

    // ----- calls -----

    /// Asks the host for the bounds of the operation about to run.
    pub fn refresh_limits(&mut self) {
        self.limits = self.host.runtime_limits();
    }

    /// Julia's `StackOverflowError()`, thrown.
    pub fn stack_overflow(&mut self) -> JlError {
        let t = self.world.exc.stack_overflow;
        self.throw_struct(t, vec![])
    }

    /// Julia's `OutOfMemoryError()`, thrown (see `crate::memory`).
    pub fn out_of_memory(&mut self) -> JlError {
        let t = self.world.exc.out_of_memory;
        self.throw_struct(t, vec![])
    }

    /// Whether the runtime is out of memory (see `crate::memory`): memory ran out since the last
    /// check, and collecting garbage did not give the runtime its reserve back.
    #[inline]
    fn out_of_memory_now(&mut self) -> bool {
        memory::take_pending() && !collecting_until(memory::restore_reserve)
    }

    /// Calls `f(args...)` from Rust and runs it to completion.
    ///
    /// # Errors
    /// The Julia exception that escaped the call.
    pub fn call(&mut self, f: &Value, args: Vec<Value>) -> JlResult<Value> {
        if self.nesting >= MAX_NESTING {
            return Err(self.stack_overflow());
        }
        let base = self.frames.len();
        match self.start_call(f, args, 0) {
            Ok(Started::Done(v)) => {
                if self.sched.switch_requested {
                    self.sched.switch_requested = false;
                    return Err(self.nested_switch_error());
                }
                Ok(v)
            }
            Ok(Started::Pushed) => {
                let saved = self.enter_switchable_loop(false);
                self.nesting += 1;
                let r = self.run(base);
                self.nesting -= 1;
                self.leave_switchable_loop(saved);
                r
            }
            Err(mut e) => {
                if e.backtrace.is_empty() {
                    e.backtrace = self.backtrace();
                }
                Err(e)
            }
        }
    }

    /// Runs a top-level thunk.
    pub fn run_thunk(&mut self, code: Rc<CodeInfo>) -> JlResult<Value> {
        let base = self.frames.len();
        let rb = self.stack.len();
        self.stack
            .resize_with(rb + code.nregs as usize, || Value::Undef);
        self.frames.push(Frame {
            code,
            pc: 0,
            base: rb,
            closure: None,
            mi: None,
            ret: 0,
            handlers: Vec::new(),
        });
        let saved = self.enter_switchable_loop(true);
        self.nesting += 1;
        let r = self.run(base);
        self.nesting -= 1;
        self.leave_switchable_loop(saved);
        r
    }

    fn start_call(&mut self, f: &Value, mut args: Vec<Value>, ret: Reg) -> JlResult<Started> {
        match f {
            Value::Function(fid) => self.call_generic(*fid, args, ret),
            Value::Closure(c) => {
                let c = c.clone();
                let code = c.code.clone();
                if !arity_ok(&code, args.len()) {
                    return Err(self.method_error(f.clone(), args));
                }
                self.push_frame(code, args, Some(c), None, ret)?;
                Ok(Started::Pushed)
            }
            Value::Type(t) => {
                let t = *t;
                // `NamedTuple{(:a, :b), Tuple{Int64, String}}((1, "x"))`: the values converted.
                if let TyKind::NamedTuple { names, types } = self.world.types.kind(t).clone()
                    && let [Value::Tuple(vals)] = args.as_slice()
                    && let TyKind::Tuple(elems) = self.world.types.kind(types).clone()
                    && vals.len() == elems.len()
                {
                    let vals = vals.to_vec();
                    let mut conv = Vec::with_capacity(vals.len());
                    for (v, et) in vals.into_iter().zip(elems) {
                        conv.push(builtins::convert(self, et, v)?);
                    }
                    return Ok(Started::Done(builtins::new_namedtuple(self, names, conv)));
                }
                // `Channel{Int}(n)`, `Q{T}(n) where {T} = …`: a constructor method taking the
                // applied type first (`(::Type{Q{T}})(n)`) gets it; the other arguments go to
                // the default constructor.
                if let Some(tn) = self.world.types.type_name(t)
                    && !self.world.types.params(t).is_empty()
                    && let Some(&ctor) = self.world.type_ctors.get(&tn)
                {
                    args.insert(0, Value::Type(t));
                    if let Ok(mi) = self.dispatch_args(ctor, &args) {
                        let m = self.world.mis[mi.index()].method;
                        let first = self.world.methods[m.index()].sig.first().copied();
                        if first.and_then(|f| self.world.types.type_name(f))
                            == Some(self.world.types.b.tn_type)
                        {
                            return self.invoke(ctor, mi, args, ret);
                        }
                    }
                    args.remove(0);
                }
                // `Point{Float64}(…)` names its parameters: the default constructor converts to
                // them. `Point(…)` dispatches among the constructors (default ones included).
                if let Some(tn) = self.world.types.type_name(t)
                    && self.world.types.params(t).is_empty()
                    && let Some(&ctor) = self.world.type_ctors.get(&tn)
                    && !self.world.functions[ctor.index()].methods.is_empty()
                    && let Ok(mi) = self.dispatch_args(ctor, &args)
                {
                    return self.invoke(ctor, mi, args, ret);
                }
                let v = builtins::construct(self, t, &mut args)?;
                Ok(Started::Done(v))
            }
            _ => {
                let t = self.world.typeof_(f);
                // An instance of a type with methods calling it (`(p::P)(x) = …`).
                if let Some(tn) = self.world.types.type_name(t)
                    && let Some(&call) = self.world.type_calls.get(&tn)
                {
                    args.insert(0, f.clone());
                    return match self.dispatch_args(call, &args) {
                        Ok(mi) => self.invoke(call, mi, args, ret),
                        Err(_) => {
                            args.remove(0);
                            Err(self.method_error(f.clone(), args))
                        }
                    };
                }
                let msg = format!(
                    "objects of type {} are not callable",
                    self.world.type_string(t)
                );
                Err(self.error_exception(msg))
            }
        }
    }

    fn call_generic(&mut self, f: FuncId, args: Vec<Value>, ret: Reg) -> JlResult<Started> {
        match self.dispatch_args(f, &args) {
            Ok(mi) => self.invoke(f, mi, args, ret),
            Err(DispatchError::NoMethod | DispatchError::Ambiguous(_)) => {
                Err(self.method_error(Value::Function(f), args))
            }
        }
    }

    /// The method instance `f(args...)` runs.
    fn dispatch_args(&mut self, f: FuncId, args: &[Value]) -> Result<MiId, DispatchError> {
        // The argument types go in a buffer reused across calls (no allocation per call).
        let mut argtypes = std::mem::take(&mut self.argtypes_buf);
        argtypes.clear();
        for a in args {
            let t = self.world.arg_type(a);
            argtypes.push(t);
        }
        let found = self.world.dispatch(f, &argtypes);
        self.argtypes_buf = argtypes;
        found
    }

    /// Runs the plain call `args[0](args[1..]...)` of the current frame at call site `site`.
    ///
    /// A generic function called from a method instance's code goes through the site's cache
    /// in the caller's code instance (`CodeInstance::sites`): when the function and the exact
    /// argument types are those it remembers, and no method was defined since, the method
    /// instance it holds is what dispatch would choose, and its edge is already recorded.
    fn call_site(&mut self, args: &[Reg], site: u32, dst: Reg) -> JlResult<Started> {
        let fr = self.frames.last().expect("a frame to run");
        let n = args.len() - 1;
        let regs = &self.stack[fr.base..];
        if let Value::Function(f) = &regs[args[0] as usize]
            && n <= SITE_MAX_ARGS
        {
            let f = *f;
            let caller = fr.mi;
            let sites = match caller {
                Some(caller) => self.world.mis[caller.index()]
                    .cache
                    .as_ref()
                    .map(|ci| &ci.sites),
                None => self.code_caches.get(&code_key(&fr.code)).map(|c| &c.sites),
            };
            let cached = sites
                .and_then(|sites| sites.get(site as usize))
                .filter(|s| {
                    s.world == self.world.age
                        && s.func == f
                        && s.nargs as usize == n
                        && args[1..]
                            .iter()
                            .zip(&s.argtypes)
                            .all(|(&r, &t)| self.world.is_arg_type(&regs[r as usize], t))
                })
                .map(|s| s.mi);
            if let Some(mi) = cached {
                match &self.world.methods[self.world.mis[mi.index()].method.index()].body {
                    // Builtins run in place: no argument vector. `Int64`/`Float64` arithmetic
                    // and comparisons have no return type to note either (the first call,
                    // which filled the site, noted it, and these operand types always give
                    // that type).
                    MethodBody::Builtin(b)
                        if n == 2
                            && let Some(Some(op)) = self.inline_ops.get(b.index()) =>
                    {
                        let (x, y) = (&regs[args[1] as usize], &regs[args[2] as usize]);
                        match op {
                            InlineOp::Bin(op) => {
                                if let Some(v) = op.apply(x, y) {
                                    return Ok(Started::Done(v));
                                }
                            }
                            InlineOp::Iterate => {
                                if let Some(v) = builtins::iterate_inline(x, y) {
                                    self.note_return(mi, &v);
                                    return Ok(Started::Done(v));
                                }
                            }
                        }
                    }
                    // Julia code: the arguments go straight into the callee's registers.
                    MethodBody::Code(c) if self.pending_kws.is_empty() => {
                        let c = c.clone();
                        let code = self.code_instance(mi).code.clone().unwrap_or(c);
                        if takes_plain_args(&code, n) {
                            self.push_frame_from_regs(code, &args[1..], None, Some(mi), dst)?;
                            return Ok(Started::Pushed);
                        }
                    }
                    _ => {}
                }
                let regs = &self.stack[self.frames.last().expect("a frame to run").base..];
                let mut argv = self.vec_pool.pop().unwrap_or_default();
                argv.extend(args[1..].iter().map(|&r| regs[r as usize].clone()));
                return self.run_method(f, mi, argv, dst);
            }
            let mut argv = self.vec_pool.pop().unwrap_or_default();
            argv.extend(args[1..].iter().map(|&r| regs[r as usize].clone()));
            let mi = match self.dispatch_args(f, &argv) {
                Ok(mi) => mi,
                Err(_) => return Err(self.method_error(Value::Function(f), argv)),
            };
            let mut entry = CallSite {
                world: self.world.age,
                func: f,
                mi,
                nargs: n as u8,
                argtypes: CallSite::EMPTY.argtypes,
            };
            entry.argtypes[..n].copy_from_slice(&self.argtypes_buf[..n]);
            let code = self.frames.last().expect("a frame to run").code.clone();
            let nsites = code.nsites as usize;
            if (site as usize) < nsites {
                let sites = match caller {
                    Some(caller) => {
                        self.world.record_edge(caller, f, mi);
                        self.world.mis[caller.index()]
                            .cache
                            .as_mut()
                            .map(|ci| &mut ci.sites)
                    }
                    None => Some(&mut self.code_cache(&code).sites),
                };
                if let Some(sites) = sites {
                    if sites.len() < nsites {
                        sites.resize(nsites, CallSite::EMPTY);
                    }
                    sites[site as usize] = entry;
                }
            } else if let Some(caller) = caller {
                self.world.record_edge(caller, f, mi);
            }
            return self.run_method(f, mi, argv, dst);
        }
        // A closure taking these arguments: straight into its registers too.
        if let Value::Closure(c) = &regs[args[0] as usize]
            && takes_plain_args(&c.code, n)
            && self.pending_kws.is_empty()
        {
            let c = c.clone();
            let code = c.code.clone();
            self.push_frame_from_regs(code, &args[1..], Some(c), None, dst)?;
            return Ok(Started::Pushed);
        }
        let f = regs[args[0] as usize].clone();
        let mut argv = self.vec_pool.pop().unwrap_or_default();
        argv.extend(args[1..].iter().map(|&r| regs[r as usize].clone()));
        self.start_call(&f, argv, dst)
    }

    /// The value of the global `name` read by the `Global` instruction `site` of the current
    /// frame's `code`. In a method instance's code, where the name resolved is cached in its
    /// code instance (`CodeInstance::globals`) until the world's bindings change.
    fn global(&mut self, code: &Rc<CodeInfo>, name: Sym, site: u32) -> JlResult<Value> {
        let caller = self.frames.last().and_then(|fr| fr.mi);
        let globals = match caller {
            Some(caller) => self.world.mis[caller.index()]
                .cache
                .as_ref()
                .map(|ci| &ci.globals),
            None => self.code_caches.get(&code_key(code)).map(|c| &c.globals),
        };
        if let Some(g) = globals.and_then(|gs| gs.get(site as usize))
            && g.epoch == self.world.bindings_epoch
            && let Some((_, b)) = self.world.modules[g.module.index()]
                .bindings
                .get_index(g.index as usize)
            && !matches!(b.value, Value::Undef)
        {
            return Ok(b.value.clone());
        }
        let Some((m, i)) = self.world.resolve(code.module, name) else {
            return Err(self.undef_var_error(name));
        };
        let n = code.nglobals as usize;
        let entry = GlobalSite {
            epoch: self.world.bindings_epoch,
            module: m,
            index: i as u32,
        };
        if (site as usize) < n {
            let globals = match caller {
                Some(caller) => self.world.mis[caller.index()]
                    .cache
                    .as_mut()
                    .map(|ci| &mut ci.globals),
                None => Some(&mut self.code_cache(code).globals),
            };
            if let Some(globals) = globals {
                if globals.len() < n {
                    globals.resize(n, GlobalSite::EMPTY);
                }
                globals[site as usize] = entry;
            }
        }
        let (_, b) = self.world.modules[m.index()]
            .bindings
            .get_index(i)
            .expect("resolved above");
        Ok(b.value.clone())
    }

    /// The call-site and global caches of `code`, run without a method instance (a closure's
    /// body, a top-level thunk); made on first use. The table is emptied when it is full.
    fn code_cache(&mut self, code: &Rc<CodeInfo>) -> &mut CodeCache {
        let key = code_key(code);
        if self.code_caches.len() >= MAX_CODE_CACHES && !self.code_caches.contains_key(&key) {
            self.code_caches.clear();
        }
        self.code_caches.entry(key).or_insert_with(|| CodeCache {
            _code: code.clone(),
            sites: Vec::new(),
            globals: Vec::new(),
        })
    }

    /// Runs method instance `mi` of `f` (chosen by dispatch) on `args`.
    fn invoke(&mut self, f: FuncId, mi: MiId, args: Vec<Value>, ret: Reg) -> JlResult<Started> {
        if let Some(caller) = self.frames.last().and_then(|fr| fr.mi) {
            self.world.record_edge(caller, f, mi);
        }
        self.run_method(f, mi, args, ret)
    }

    /// Runs method instance `mi` of `f` on `args`, the edge to it already recorded.
    fn run_method(
        &mut self,
        f: FuncId,
        mi: MiId,
        mut args: Vec<Value>,
        ret: Reg,
    ) -> JlResult<Started> {
        let m = self.world.mis[mi.index()].method;
        match &self.world.methods[m.index()].body {
            MethodBody::Builtin(b) => {
                let b = *b;
                if !self.pending_kws.is_empty() {
                    return Err(self.unsupported_keywords(&Value::Function(f)));
                }
                self.code_instance(mi);
                let v = self.builtins[b.index()](self, &mut args)?;
                if self.out_of_memory_now() {
                    return Err(self.out_of_memory());
                }
                self.recycle(args);
                self.note_return(mi, &v);
                Ok(Started::Done(v))
            }
            MethodBody::New(tn) => {
                // The type's parameters as dispatch bound them (`T = Int64` from a field
                // `x::Vector{T}`), when it bound them all; else `construct` infers them.
                let sparams = self.world.mis[mi.index()].sparams.clone();
                let bound =
                    !sparams.is_empty() && sparams.iter().all(|&p| !self.world.types.has_var(p));
                let params = if bound { sparams } else { Vec::new() };
                let t = self.world.types.apply(*tn, params);
                if !self.pending_kws.is_empty() {
                    return Err(self.unsupported_keywords(&Value::Function(f)));
                }
                self.code_instance(mi);
                let v = builtins::construct(self, t, &mut args)?;
                if self.out_of_memory_now() {
                    return Err(self.out_of_memory());
                }
                self.recycle(args);
                self.note_return(mi, &v);
                Ok(Started::Done(v))
            }
            MethodBody::Code(c) => {
                let c = c.clone();
                let code = self.code_instance(mi).code.clone().unwrap_or(c);
                self.push_frame(code, args, None, Some(mi), ret)?;
                Ok(Started::Pushed)
            }
        }
    }

    fn push_frame(
        &mut self,
        code: Rc<CodeInfo>,
        mut args: Vec<Value>,
        closure: Option<Rc<Closure>>,
        mi: Option<MiId>,
        ret: Reg,
    ) -> JlResult<()> {
        self.enter_frame(code.nregs as usize)?;
        // The arguments become the frame's first registers.
        if code.isva {
            let fixed = code.nargs as usize - 1;
            let rest: Vec<Value> = args.split_off(fixed.min(args.len()));
            args.push(Value::tuple(rest));
        }
        let base = self.stack.len();
        self.stack.append(&mut args);
        self.recycle(args);
        self.stack
            .resize_with(base + code.nregs as usize, || Value::Undef);
        // Keyword arguments go to the registers after the positional ones; those no parameter
        // takes go to a `kws...` parameter, as a named tuple.
        let kwrest = code
            .kwnames
            .last()
            .is_some_and(|k| &*k.as_str() == crate::lower::ir::KWREST);
        if kwrest || !self.pending_kws.is_empty() {
            let kws = std::mem::take(&mut self.pending_kws);
            let mut rest = Vec::new();
            for (name, v) in kws {
                match code.kwnames.iter().position(|&k| k == name) {
                    Some(i) => self.stack[base + code.nargs as usize + i] = v,
                    None if kwrest => rest.push((name, v)),
                    None => {
                        self.stack.truncate(base);
                        let msg = format!(
                            "{}() got unsupported keyword argument \"{name}\"",
                            code.name
                        );
                        return Err(self.error_exception(msg));
                    }
                }
            }
            if kwrest {
                let (names, values) = rest.into_iter().unzip();
                let nt = builtins::new_namedtuple(self, names, values);
                self.stack[base + code.nargs as usize + code.kwnames.len() - 1] = nt;
            }
        }
        self.frames.push(Frame {
            code,
            pc: 0,
            base,
            closure,
            mi,
            ret,
            handlers: Vec::new(),
        });
        Ok(())
    }

    /// What every new frame checks: the call depth (`StackOverflowError`), memory (see
    /// `crate::memory`), and room for its `n` registers on the task's register stack.
    fn enter_frame(&mut self, n: usize) -> JlResult<()> {
        if self.frames.len() >= self.limits.max_depth as usize {
            return Err(self.stack_overflow());
        }
        if self.out_of_memory_now() {
            return Err(self.out_of_memory());
        }
        if self.stack.capacity() - self.stack.len() >= n
            || collecting_until(|| memory::try_reserve(&mut self.stack, n))
        {
            Ok(())
        } else {
            Err(self.out_of_memory())
        }
    }

    /// Pushes a frame for `code` whose arguments are the registers `args` of the current
    /// frame, copied straight into the new frame's first registers (no argument vector). Only
    /// for code that `takes_plain_args`, called without keywords.
    fn push_frame_from_regs(
        &mut self,
        code: Rc<CodeInfo>,
        args: &[Reg],
        closure: Option<Rc<Closure>>,
        mi: Option<MiId>,
        ret: Reg,
    ) -> JlResult<()> {
        self.enter_frame(code.nregs as usize)?;
        let from = self.frames.last().expect("a calling frame").base;
        let base = self.stack.len();
        for &r in args {
            let v = self.stack[from + r as usize].clone();
            self.stack.push(v);
        }
        self.stack
            .resize_with(base + code.nregs as usize, || Value::Undef);
        self.frames.push(Frame {
            code,
            pc: 0,
            base,
            closure,
            mi,
            ret,
            handlers: Vec::new(),
        });
        Ok(())
    }

    /// Runs frames until the one at depth `base` of the task that started the loop (its owner)
    /// returns. Other tasks the scheduler switches to in this loop run until their entry frame
    /// returns (depth 0 of their own stack).
    fn run(&mut self, base: usize) -> JlResult<Value> {
        let owner = self.sched.current;
        loop {
            match self.exec(base, owner) {
                Ok(v) => return Ok(v),
                Err(mut e) => {
                    if e.backtrace.is_empty() {
                        e.backtrace = self.backtrace();
                    }
                    // Unwind to the innermost handler above the current task's bottom.
                    loop {
                        let stop = if self.sched.current == owner { base } else { 0 };
                        if self.frames.len() == stop {
                            if self.sched.current == owner {
                                return Err(e);
                            }
                            // An exception escaped a task's entry frame: the task is over.
                            self.finish_current_task();
                            match self.switch_away(0) {
                                Ok(()) => break,
                                Err(e2) => {
                                    e = e2;
                                    if e.backtrace.is_empty() {
                                        e.backtrace = self.backtrace();
                                    }
                                    continue;
                                }
                            }
                        }
                        let fr = self.frames.last_mut().expect("frames above the bottom");
                        if let Some((handler, exc)) = fr.handlers.pop() {
                            fr.pc = handler as usize;
                            let r = fr.base + exc as usize;
                            self.stack[r] = e.value.clone();
                            self.caught_backtrace = e.backtrace;
                            break;
                        }
                        let done = self.frames.pop().expect("frames above the bottom");
                        self.stack.truncate(done.base);
                    }
                }
            }
        }
    }

    /// The error for a task switch requested where it cannot happen.
    fn nested_switch_error(&mut self) -> JlError {
        self.error_exception(
            "cannot switch tasks here: this code runs under a Rust builtin that called back \
             into Julia, which cannot be suspended",
        )
    }

    /// Carries out the switch `_task_park` requested; `dst` receives the wake value.
    fn switch_requested(&mut self, dst: Reg) -> JlResult<()> {
        self.sched.switch_requested = false;
        let cur = self.sched.current;
        if self.nesting != self.sched.slot(cur).level {
            return Err(self.nested_switch_error());
        }
        self.switch_away(dst)
    }

    fn exec(&mut self, base: usize, owner: usize) -> JlResult<Value> {
        // The current frame's code and where its registers start, reloaded whenever the
        // current frame changes (a call pushed one, a return popped one, a task switch).
        let top = self.frames.last().expect("a frame to run");
        let mut code = top.code.clone();
        let mut rb = top.base;
        macro_rules! fr {
            () => {
                self.frames.last_mut().expect("a frame to run")
            };
        }
        macro_rules! reg {
            ($r:expr) => {
                self.stack[rb + $r as usize]
            };
        }
        macro_rules! reload {
            () => {{
                let top = self.frames.last().expect("a frame to run");
                code = top.code.clone();
                rb = top.base;
            }};
        }
        // What a call started from this loop leaves: its value in `dst` (and a task switch it
        // asked for), or a new frame to continue in.
        macro_rules! started {
            ($started:expr, $dst:expr) => {
                match $started {
                    Started::Done(v) => {
                        reg!($dst) = v;
                        if self.sched.switch_requested {
                            self.switch_requested($dst)?;
                            reload!();
                        }
                    }
                    Started::Pushed => reload!(),
                }
            };
        }
        loop {
            let fr = fr!();
            let pc = fr.pc;
            fr.pc = pc + 1;
            match &code.code[pc] {
                Inst::Const { dst, k } => {
                    reg!(*dst) = Value::from_const(&code.consts[*k as usize], &self.world.types)
                }
                Inst::Move { dst, src } => {
                    let v = reg!(*src).clone();
                    reg!(*dst) = v;
                }
                Inst::CheckDefined { reg, name } => {
                    if matches!(reg!(*reg), Value::Undef) {
                        return Err(self.undef_var_error(*name));
                    }
                }
                Inst::Global { dst, name, site } => {
                    let v = self.global(&code, *name, *site)?;
                    reg!(*dst) = v;
                }
                Inst::SetGlobal { name, src } => {
                    let v = reg!(*src).clone();
                    self.set_global(code.module, *name, v)?;
                }
                Inst::Call { dst, args, site } => {
                    started!(self.call_site(args, *site, *dst)?, *dst)
                }
                Inst::CallSplat { dst, args, splat } => {
                    let f = reg!(args[0]).clone();
                    let mut argv = Vec::new();
                    for (&r, &s) in args[1..].iter().zip(&splat[1..]) {
                        let v = reg!(r).clone();
                        if s {
                            argv.extend(builtins::collect_iterable(self, &v)?);
                        } else {
                            argv.push(v);
                        }
                    }
                    started!(self.start_call(&f, argv, *dst)?, *dst)
                }
                Inst::CallKw {
                    dst,
                    args,
                    kwnames,
                    kwargs,
                } => {
                    let f = reg!(args[0]).clone();
                    let mut argv = self.vec_pool.pop().unwrap_or_default();
                    argv.extend(args[1..].iter().map(|&r| reg!(r).clone()));
                    let kws: Vec<(Sym, Value)> = kwnames
                        .iter()
                        .zip(kwargs)
                        .map(|(&n, &r)| (n, reg!(r).clone()))
                        .collect();
                    self.pending_kws = kws;
                    let started = match self.start_call(&f, argv, *dst) {
                        Ok(s) => s,
                        Err(e) => {
                            self.pending_kws.clear();
                            return Err(e);
                        }
                    };
                    // Whatever was called and did not take them rejects them.
                    if !self.pending_kws.is_empty() {
                        return Err(self.unsupported_keywords(&f));
                    }
                    started!(started, *dst)
                }
                Inst::CallKwSplat {
                    dst,
                    args,
                    splat,
                    kws,
                } => {
                    let f = reg!(args[0]).clone();
                    let mut argv = Vec::new();
                    for (&r, &s) in args[1..].iter().zip(&splat[1..]) {
                        let v = reg!(r).clone();
                        if s {
                            argv.extend(builtins::collect_iterable(self, &v)?);
                        } else {
                            argv.push(v);
                        }
                    }
                    let nt = reg!(*kws).clone();
                    let Some(kws) = builtins::namedtuple_fields(self, &nt) else {
                        let t = self.world.types.b.named_tuple;
                        return Err(self.type_error("keyword argument splatting", t, &nt));
                    };
                    self.pending_kws = kws;
                    let started = match self.start_call(&f, argv, *dst) {
                        Ok(s) => s,
                        Err(e) => {
                            self.pending_kws.clear();
                            return Err(e);
                        }
                    };
                    if !self.pending_kws.is_empty() {
                        return Err(self.unsupported_keywords(&f));
                    }
                    started!(started, *dst)
                }
                Inst::IsDefined { dst, src, boxed } => {
                    let defined = match &reg!(*src) {
                        Value::Box(b) if *boxed => !matches!(*b.borrow(), Value::Undef),
                        _ if *boxed => return Err(self.corrupt_code(&code)),
                        v => !matches!(v, Value::Undef),
                    };
                    reg!(*dst) = Value::Bool(defined);
                }
                Inst::JumpIfDefined { reg, target } => {
                    if !matches!(reg!(*reg), Value::Undef) {
                        fr!().pc = *target as usize;
                    }
                }
                Inst::Jump { target } => fr!().pc = *target as usize,
                Inst::BranchIfNot { cond, target } => match reg!(*cond) {
                    Value::Bool(true) => {}
                    Value::Bool(false) => fr!().pc = *target as usize,
                    ref other => {
                        let other = other.clone();
                        let t = self.world.typeof_(&other);
                        let msg = format!(
                            "non-boolean ({}) used in boolean context",
                            self.world.type_string(t)
                        );
                        let tt = self.world.exc.type_error;
                        let b = self.world.types.b.bool_;
                        return Err(self.throw_struct(
                            tt,
                            vec![
                                Value::Symbol(Sym::new("if")),
                                Value::str(&msg),
                                Value::Type(b),
                                other,
                            ],
                        ));
                    }
                },
                Inst::JumpIfNothing { src, target } => {
                    if matches!(reg!(*src), Value::Nothing) {
                        fr!().pc = *target as usize;
                    }
                }
                Inst::TupleGet { dst, src, index } => {
                    let v = match &reg!(*src) {
                        Value::Tuple(items) if (*index as usize) < items.len() => {
                            items[*index as usize].clone()
                        }
                        other => {
                            let other = other.clone();
                            let shown = show::repr(self, &other)?;
                            return Err(self.error_exception(format!(
                                "`iterate` must return `nothing` or a 2-tuple, got {shown}"
                            )));
                        }
                    };
                    reg!(*dst) = v;
                }
                Inst::Return { src } => {
                    let v = std::mem::replace(&mut reg!(*src), Value::Nothing);
                    let done = self.frames.pop().expect("returning frame");
                    self.stack.truncate(done.base);
                    if let Some(mi) = done.mi {
                        self.note_return(mi, &v);
                    }
                    let ret = done.ret;
                    if self.sched.current != owner && self.frames.is_empty() {
                        // A task's entry frame returned: the task is over.
                        self.finish_current_task();
                        self.switch_away(0)?;
                        reload!();
                        continue;
                    }
                    if self.frames.len() == base && self.sched.current == owner {
                        return Ok(v);
                    }
                    reload!();
                    reg!(ret) = v;
                }
                Inst::GetField { dst, obj, name } => {
                    let o = reg!(*obj).clone();
                    let v = builtins::getfield(self, &o, *name)?;
                    reg!(*dst) = v;
                }
                Inst::SetField { obj, name, src } => {
                    let o = reg!(*obj).clone();
                    let v = reg!(*src).clone();
                    builtins::setfield(self, &o, *name, v)?;
                }
                Inst::NewBox { dst } => reg!(*dst) = Value::new_box(Value::Undef),
                Inst::BoxGet { dst, bx, name } => {
                    let v = match &reg!(*bx) {
                        Value::Box(b) => b.borrow().clone(),
                        _ => return Err(self.corrupt_code(&code)),
                    };
                    if matches!(v, Value::Undef) {
                        return Err(self.undef_var_error(*name));
                    }
                    reg!(*dst) = v;
                }
                Inst::BoxSet { bx, src } => {
                    let v = reg!(*src).clone();
                    match &reg!(*bx) {
                        Value::Box(b) => *b.borrow_mut() = v,
                        _ => return Err(self.corrupt_code(&code)),
                    }
                }
                Inst::Closure {
                    dst,
                    ty,
                    lambda,
                    captures,
                } => {
                    let Value::Type(t) = reg!(*ty) else {
                        return Err(self.corrupt_code(&code));
                    };
                    let caps: Vec<Value> = captures.iter().map(|&r| reg!(r).clone()).collect();
                    reg!(*dst) = Value::closure(t, code.lambdas[*lambda as usize].clone(), caps);
                }
                Inst::StaticParam { dst, index } => {
                    let t = fr!().mi.and_then(|mi| {
                        self.world.mis[mi.index()]
                            .sparams
                            .get(*index as usize)
                            .copied()
                    });
                    // A value parameter (`N` of `Array{T, N}`, `x` of `Val{x}`, the `Bool` of a
                    // `SubArray`) is the value itself.
                    match t.map(|t| (t, self.world.types.kind(t))) {
                        Some((_, crate::types::TyKind::Int(n))) => reg!(*dst) = Value::Int(*n),
                        Some((_, crate::types::TyKind::Sym(s))) => reg!(*dst) = Value::Symbol(*s),
                        Some((_, crate::types::TyKind::Bool(b))) => reg!(*dst) = Value::Bool(*b),
                        Some((t, _)) => reg!(*dst) = Value::Type(t),
                        None => return Err(self.corrupt_code(&code)),
                    }
                }
                Inst::Capture { dst, index } => {
                    let v = fr!()
                        .closure
                        .as_ref()
                        .and_then(|c| c.captures.get(*index as usize))
                        .cloned();
                    match v {
                        Some(v) => reg!(*dst) = v,
                        None => return Err(self.corrupt_code(&code)),
                    }
                }
                Inst::Tuple { dst, elems } => {
                    let items: Vec<Value> = elems.iter().map(|&r| reg!(r).clone()).collect();
                    reg!(*dst) = Value::tuple(items);
                }
                Inst::Vect { dst, elty, elems } => {
                    let items: Vec<Value> = elems.iter().map(|&r| reg!(r).clone()).collect();
                    let elty = match elty {
                        Some(r) => match &reg!(*r) {
                            Value::Type(t) => Some(*t),
                            other => {
                                let other = other.clone();
                                let dt = self.world.types.b.datatype;
                                return Err(self.type_error("Vect", dt, &other));
                            }
                        },
                        None => None,
                    };
                    // Elements of struct or array types that do not share a type: Base's
                    // `vect`, whose `promote_type` applies the `promote_rule`s
                    // (`[Vec2(1, 2), Vec2(0.5, 1.0)]` is a `Vector{Vec2{Float64}}`, `[[1], [2.5]]`
                    // a `Vector{Vector{Float64}}`).
                    if elty.is_none()
                        && items
                            .iter()
                            .any(|v| matches!(v, Value::Struct(_) | Value::Array(_)))
                        && builtins::common_eltype(self, &items) == self.world.types.b.any
                        && let Some(f @ Value::Function(_)) = self
                            .world
                            .lookup(self.world.base, Sym::new("vect"))
                            .cloned()
                    {
                        started!(self.start_call(&f, items, *dst)?, *dst);
                        continue;
                    }
                    let v = builtins::make_vector(self, elty, items)?;
                    reg!(*dst) = v;
                }
                Inst::EnterTry { handler, exc } => fr!().handlers.push((*handler, *exc)),
                Inst::LeaveTry => {
                    fr!().handlers.pop();
                }
                Inst::Throw { src } => {
                    let v = reg!(*src).clone();
                    return Err(JlError::new(v));
                }
                Inst::TypeAssert { src, ty } => {
                    let v = reg!(*src).clone();
                    let t = match &reg!(*ty) {
                        Value::Type(t) => *t,
                        other => {
                            let other = other.clone();
                            let dt = self.world.types.b.datatype;
                            return Err(self.type_error("typeassert", dt, &other));
                        }
                    };
                    if !self.world.isa(&v, t) {
                        return Err(self.type_error("typeassert", t, &v));
                    }
                }
            }
        }
    }

    /// `f` was called with keyword arguments it does not take (all of them are reported).
    fn unsupported_keywords(&mut self, f: &Value) -> JlError {
        let names: Vec<String> = std::mem::take(&mut self.pending_kws)
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect();
        let fname = show::repr(self, f).unwrap_or_else(|_| "function".into());
        let s = if names.len() == 1 { "" } else { "s" };
        self.error_exception(format!(
            "{fname} got unsupported keyword argument{s} {}",
            names.join(", ")
        ))
    }

    /// The error for lowered code that breaks the VM's invariants (only a corrupt image can).
    fn corrupt_code(&mut self, code: &CodeInfo) -> JlError {
        self.error_exception(format!("corrupt code in `{}` ({})", code.name, code.file))
    }

    /// Returns a vector (a frame's registers, a call's arguments) to the pool for reuse.
    fn recycle(&mut self, mut v: Vec<Value>) {
        if self.vec_pool.len() < 256 && v.capacity() <= 1024 {
            v.clear();
            self.vec_pool.push(v);
        }
    }

    fn note_return(&mut self, mi: MiId, v: &Value) {
        let Some(ci) = &self.world.mis[mi.index()].cache else {
            return;
        };
        let old = ci.rettype;
        if let Value::Tuple(items) = v
            && let [Value::Int(_), Value::Int(_)] = &items[..]
            && (old == self.int_pair
                || matches!(self.world.types.kind(old), TyKind::Union(ms)
                    if ms.contains(&self.int_pair)))
        {
            return;
        }
        // The type, or a member of the union, returned before (an `iterate` returning a tuple,
        // then `nothing`): joining it again would give the same union.
        if self.world.is_typeof(v, old)
            || matches!(self.world.types.kind(old), TyKind::Union(ms)
                if ms.iter().any(|&m| self.world.is_typeof(v, m)))
        {
            return;
        }
        let t = self.world.typeof_(v);
        if old == t {
            return;
        }
        let new = if old == self.world.types.b.bottom {
            t
        } else {
            self.world.types.union_with(old, t)
        };
        if let Some(ci) = &mut self.world.mis[mi.index()].cache {
            ci.rettype = new;
        }
    }

    /// Assigns a global of module `m`; constants cannot be reassigned.
    pub fn set_global(&mut self, m: ModuleId, name: Sym, v: Value) -> JlResult<()> {
        if let Some(b) = self.world.modules[m.index()].bindings.get_mut(&name) {
            if b.constant {
                let what = if matches!(b.value, Value::Function(_) | Value::Type(_)) {
                    ""
                } else {
                    "constant "
                };
                let msg = format!("invalid redefinition of {what}{name}");
                return Err(self.error_exception(msg));
            }
            // An unassigned binding hid nothing from `lookup`; assigned, it hides what a
            // `using` provided under its name.
            let was_undef = matches!(b.value, Value::Undef);
            b.value = v;
            if was_undef {
                self.world.bindings_changed();
            }
            return Ok(());
        }
        self.world.modules[m.index()].bindings.insert(
            name,
            crate::world::Binding {
                value: v,
                constant: false,
                imported: false,
            },
        );
        self.world.bindings_changed();
        Ok(())
    }

    /// Whether a type has the shape of a `Vararg`-free tuple of the given length.
    pub fn tuple_len(&self, t: TyId) -> Option<usize> {
        match self.world.types.kind(t) {
            TyKind::Tuple(ps) => Some(ps.len()),
            _ => None,
        }
    }
}

/// Keeps a deep backtrace readable: a run of identical frames (recursion) becomes one frame
/// noting the repeats, and at most `KEEP_INNER + KEEP_OUTER` frames are kept around a marker.
fn compress_backtrace(bt: Vec<BtFrame>) -> Vec<BtFrame> {
    const KEEP_INNER: usize = 60;
    const KEEP_OUTER: usize = 20;
    let mut out: Vec<BtFrame> = Vec::new();
    let mut repeats = 0usize;
    for f in bt {
        match out.last_mut() {
            Some(last) if last.func == f.func && last.file == f.file && last.line == f.line => {
                repeats += 1
            }
            _ => {
                if repeats > 0 {
                    let last = out.last_mut().expect("a frame was kept");
                    last.func = format!("{} [repeated {repeats} more times]", last.func);
                    repeats = 0;
                }
                out.push(f);
            }
        }
    }
    if repeats > 0 {
        let last = out.last_mut().expect("a frame was kept");
        last.func = format!("{} [repeated {repeats} more times]", last.func);
    }
    if out.len() > KEEP_INNER + KEEP_OUTER {
        let omitted = out.len() - KEEP_INNER - KEEP_OUTER;
        let outer = out.split_off(out.len() - KEEP_OUTER);
        out.truncate(KEEP_INNER);
        out.push(BtFrame {
            func: format!("⋮ {omitted} frames omitted"),
            file: Rc::from(""),
            line: 0,
            column: 0,
        });
        out.extend(outer);
    }
    out
}

/// Whether `n` positional arguments are exactly what `code` takes, with no varargs tuple to
/// build and no keyword parameters (a call's arguments can then be copied register to
/// register).
fn takes_plain_args(code: &CodeInfo, n: usize) -> bool {
    !code.isva && code.nargs as usize == n && code.kwnames.is_empty()
}

fn arity_ok(code: &CodeInfo, n: usize) -> bool {
    if code.isva {
        n + 1 >= code.nargs as usize
    } else {
        n == code.nargs as usize
    }
}
