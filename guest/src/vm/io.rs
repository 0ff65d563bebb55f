//! Streams and the file system: `IOBuffer`, files opened with `open`, `stdin`, the environment,
//! and the primitives Base's `io.jl` builds `read`, `readline`, `eachline`, `write`, `open`,
//! `isfile`, `readdir`, `ENV` … on. Every request goes to the host, which grants what the program
//! may reach (the runtime holds no OS handle); a refusal or failure becomes Julia's `SystemError`
//! (opening a file) or `IOError` (the other file-system calls).

use std::cell::RefCell;
use std::rc::Rc;

use super::builtins::{def, no_method};
use super::{JlError, JlResult, Runtime};
use crate::host::{FsError, FsReply, FsRequest};
use crate::symbol::Sym;
use crate::value::{Bits, IoBuf, IoKind, Value};

/// How much of standard input one host call asks for.
const STDIN_CHUNK: u32 = 64 * 1024;

type Io = Rc<RefCell<IoBuf>>;

pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let b = rt.world.types.b;
    let io = b.io;
    let string = b.string;
    let boolean = b.bool_;
    def(rt, base, "IOBuffer", &[], None, |_, _| {
        Ok(Value::io_buffer())
    });
    // `IOBuffer(s)`: a read-only stream over the bytes of `s`.
    def(rt, base, "IOBuffer", &[string], None, |_, a| {
        let Value::Str(s) = &a[0] else {
            unreachable!("dispatched on String")
        };
        Ok(stream(IoBuf::new(
            s.as_bytes().to_vec(),
            true,
            false,
            IoKind::Buffer,
        )))
    });
    def(rt, base, "take!", &[b.io_buffer], None, |rt, a| {
        let io = io_arg(rt, "take!", a)?;
        let mut io = io.borrow_mut();
        let data = std::mem::take(&mut io.data);
        io.pos = 0;
        // Julia returns the bytes (`String(take!(io))` is the idiom); the text serves both uses.
        Ok(Value::str(&String::from_utf8_lossy(&data)))
    });
    // `_io_readline(io, keep)`: the next line (with its `\n` when `keep`; without `\n` or
    // `\r\n` otherwise), or `nothing` at the end of the stream.
    def(rt, base, "_io_readline", &[io, boolean], None, |rt, a| {
        let io = readable(rt, "_io_readline", a)?;
        let keep = matches!(a[1], Value::Bool(true));
        fill(rt, &io, true);
        let mut io = io.borrow_mut();
        if io.pos >= io.data.len() {
            return Ok(Value::Nothing);
        }
        let rest = &io.data[io.pos..];
        let (line_end, next) = match rest.iter().position(|&c| c == b'\n') {
            Some(i) if keep => (i + 1, i + 1),
            Some(i) if i > 0 && rest[i - 1] == b'\r' => (i - 1, i + 1),
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        let line = String::from_utf8_lossy(&rest[..line_end]).into_owned();
        io.pos += next;
        compact(&mut io);
        Ok(Value::str(&line))
    });
    // `_io_readall(io)`: everything left in the stream, as a `String`.
    def(rt, base, "_io_readall", &[io], None, |rt, a| {
        let io = readable(rt, "_io_readall", a)?;
        fill(rt, &io, false);
        let mut io = io.borrow_mut();
        let text = String::from_utf8_lossy(&io.data[io.pos..]).into_owned();
        io.pos = io.data.len();
        compact(&mut io);
        Ok(Value::str(&text))
    });
    // `_io_readbyte(io)`: the next byte as a `UInt8`, or `nothing` at the end.
    def(rt, base, "_io_readbyte", &[io], None, |rt, a| {
        let io = readable(rt, "_io_readbyte", a)?;
        if io.borrow().pos >= io.borrow().data.len() {
            fill_some(rt, &io);
        }
        let mut io = io.borrow_mut();
        let Some(&byte) = io.data.get(io.pos) else {
            return Ok(Value::Nothing);
        };
        io.pos += 1;
        Ok(uint8(rt, byte))
    });
    // `_io_write(io, s)`: writes the bytes of `s`; the number written.
    def(rt, base, "_io_write", &[io, string], None, |rt, a| {
        let Value::Str(s) = &a[1] else {
            unreachable!("dispatched on String")
        };
        write_bytes(rt, &a[0], s.as_bytes())?;
        Ok(Value::Int(s.len() as i64))
    });
    def(rt, base, "eof", &[io], None, |rt, a| {
        let io = readable(rt, "eof", a)?;
        if io.borrow().pos >= io.borrow().data.len() {
            fill_some(rt, &io);
        }
        let io = io.borrow();
        Ok(Value::Bool(io.pos >= io.data.len()))
    });
    def(rt, base, "isopen", &[io], None, |rt, a| {
        Ok(Value::Bool(match &a[0] {
            Value::IOBuffer(io) => io.borrow().open,
            Value::Stdout | Value::Stderr => true,
            _ => return Err(no_method(rt, "isopen", a)),
        }))
    });
    def(rt, base, "isreadable", &[io], None, |_, a| {
        Ok(Value::Bool(match &a[0] {
            Value::IOBuffer(io) => io.borrow().readable && io.borrow().open,
            _ => false,
        }))
    });
    def(rt, base, "iswritable", &[io], None, |_, a| {
        Ok(Value::Bool(match &a[0] {
            Value::IOBuffer(io) => io.borrow().writable && io.borrow().open,
            _ => true,
        }))
    });
    def(rt, base, "flush", &[io], None, |rt, a| {
        match &a[0] {
            Value::IOBuffer(io) => flush_file(rt, io)?,
            Value::Stdout => rt.flush(),
            _ => {}
        }
        Ok(Value::Nothing)
    });
    def(rt, base, "close", &[io], None, |rt, a| {
        if let Value::IOBuffer(io) = &a[0] {
            flush_file(rt, io)?;
            let mut s = io.borrow_mut();
            s.open = false;
            s.readable = false;
            s.writable = false;
            drop(s);
            rt.open_files.retain(|f| !Rc::ptr_eq(f, io));
        }
        Ok(Value::Nothing)
    });
    // Positions are 0-based, as Julia's `position`/`seek`.
    def(rt, base, "position", &[io], None, |rt, a| {
        let io = io_arg(rt, "position", a)?;
        Ok(Value::Int(io.borrow().pos as i64))
    });
    def(rt, base, "seek", &[io, b.integer], None, |rt, a| {
        let io = io_arg(rt, "seek", a)?;
        let Value::Int(n) = a[1] else {
            return Err(no_method(rt, "seek", a));
        };
        let mut s = io.borrow_mut();
        s.pos = usize::try_from(n).unwrap_or(0).min(s.data.len());
        drop(s);
        Ok(a[0].clone())
    });
    def(rt, base, "seekstart", &[io], None, |rt, a| {
        io_arg(rt, "seekstart", a)?.borrow_mut().pos = 0;
        Ok(a[0].clone())
    });
    def(rt, base, "seekend", &[io], None, |rt, a| {
        let io = io_arg(rt, "seekend", a)?;
        fill(rt, &io, false);
        let mut s = io.borrow_mut();
        s.pos = s.data.len();
        drop(s);
        Ok(a[0].clone())
    });
    // `_open(path, read, write, truncate, append)`: the flags of Julia's `open` once the mode
    // string is decoded (in Julia); `create` is `write && !(read && !truncate && !append)`.
    def(
        rt,
        base,
        "_open",
        &[string, boolean, boolean, boolean, boolean],
        None,
        |rt, a| {
            let Value::Str(path) = &a[0] else {
                unreachable!("dispatched on String")
            };
            let flag = |i: usize| matches!(a[i], Value::Bool(true));
            let (read, write, truncate, append) = (flag(1), flag(2), flag(3), flag(4));
            let opening = |rt: &mut Runtime, e: FsError| {
                system_error(rt, format!("opening file {}", quoted(path)), &e)
            };
            let mut data = Vec::new();
            if write && (truncate || append) {
                let req = FsRequest::Write {
                    path,
                    bytes: &[],
                    append,
                };
                rt.host.fs(req).map_err(|e| opening(rt, e))?;
            }
            if read && !truncate {
                match rt.host.fs(FsRequest::Read(path)) {
                    Ok(FsReply::Bytes(bytes)) => data = bytes,
                    Ok(_) => {}
                    Err(e) => return Err(opening(rt, e)),
                }
            }
            let flushed = if append { data.len() } else { 0 };
            let rewrite = write && !truncate && !append;
            let mut s = IoBuf::new(
                data,
                read,
                write,
                IoKind::File {
                    path: path.clone(),
                    flushed,
                    rewrite,
                },
            );
            if append {
                s.pos = s.data.len();
            }
            let io = Rc::new(RefCell::new(s));
            if write {
                rt.open_files.push(io.clone());
            }
            Ok(Value::IOBuffer(io))
        },
    );
    // `_stat(path)`: `nothing` when nothing is there (or it may not be seen), else
    // `(isdir, size)`.
    def(rt, base, "_stat", &[string], None, |rt, a| {
        let Value::Str(path) = &a[0] else {
            unreachable!("dispatched on String")
        };
        Ok(match rt.host.fs(FsRequest::Info(path)) {
            Ok(FsReply::Info(Some((dir, size)))) => Value::tuple(vec![
                Value::Bool(dir),
                Value::Int(i64::try_from(size).unwrap_or(i64::MAX)),
            ]),
            _ => Value::Nothing,
        })
    });
    def(rt, base, "_readdir", &[string], None, |rt, a| {
        let Value::Str(path) = &a[0] else {
            unreachable!("dispatched on String")
        };
        match rt.host.fs(FsRequest::ReadDir(path)) {
            Ok(FsReply::Names(names)) => {
                let items = names.iter().map(|n| Value::str(n)).collect();
                Ok(Value::vector(rt.world.types.b.string, items))
            }
            Ok(_) => Ok(Value::vector(rt.world.types.b.string, Vec::new())),
            Err(e) => Err(io_error(rt, format!("readdir({})", quoted(path)), &e)),
        }
    });
    def(rt, base, "_mkdir", &[string], None, |rt, a| {
        let Value::Str(path) = &a[0] else {
            unreachable!("dispatched on String")
        };
        match rt.host.fs(FsRequest::MakeDir(path)) {
            Ok(_) => Ok(a[0].clone()),
            Err(e) => Err(io_error(
                rt,
                format!("mkdir({}; mode=0o777)", quoted(path)),
                &e,
            )),
        }
    });
    def(rt, base, "_rm", &[string, boolean], None, |rt, a| {
        let Value::Str(path) = &a[0] else {
            unreachable!("dispatched on String")
        };
        let recursive = matches!(a[1], Value::Bool(true));
        match rt.host.fs(FsRequest::Remove { path, recursive }) {
            Ok(_) => Ok(Value::Nothing),
            Err(e) => Err(io_error(rt, format!("unlink({})", quoted(path)), &e)),
        }
    });
    def(rt, base, "_getenv", &[string], None, |rt, a| {
        let Value::Str(name) = &a[0] else {
            unreachable!("dispatched on String")
        };
        Ok(rt
            .host
            .get_env(name)
            .map_or(Value::Nothing, |v| Value::str(&v)))
    });
    def(rt, base, "_envnames", &[], None, |rt, _| {
        let names = rt.host.env_names();
        let items = names.iter().map(|n| Value::str(n)).collect();
        Ok(Value::vector(rt.world.types.b.string, items))
    });
    def(rt, base, "pwd", &[], None, |rt, _| {
        Ok(Value::str(&rt.host.working_dir()))
    });
    let stdin = stream(IoBuf::new(
        Vec::new(),
        true,
        false,
        IoKind::Stdin { ended: false },
    ));
    rt.world.set_const(base, Sym::new("stdin"), stdin);
}

fn stream(s: IoBuf) -> Value {
    Value::IOBuffer(Rc::new(RefCell::new(s)))
}

/// `path` as Julia's `repr` shows a string in an error message.
fn quoted(path: &str) -> String {
    format!("{path:?}")
}

fn io_arg(rt: &mut Runtime, fname: &str, a: &[Value]) -> JlResult<Io> {
    match &a[0] {
        Value::IOBuffer(io) => Ok(io.clone()),
        _ => Err(no_method(rt, fname, a)),
    }
}

/// The stream of `a[0]`, which must be open for reading.
fn readable(rt: &mut Runtime, fname: &str, a: &[Value]) -> JlResult<Io> {
    let io = io_arg(rt, fname, a)?;
    if !io.borrow().readable {
        let what = stream_type(&io.borrow());
        return Err(rt.argument_error(format!("read failed, {what} is not readable")));
    }
    Ok(io)
}

fn stream_type(io: &IoBuf) -> &'static str {
    match io.kind {
        IoKind::Buffer => "IOBuffer",
        _ => "IOStream",
    }
}

/// Writes `bytes` to an IO value: standard output and error through the runtime, a stream at
/// its position.
pub fn write_bytes(rt: &mut Runtime, io: &Value, bytes: &[u8]) -> JlResult<()> {
    match io {
        Value::IOBuffer(io) => {
            let mut s = io.borrow_mut();
            if !s.writable {
                let what = stream_type(&s);
                drop(s);
                let op = if what == "IOBuffer" {
                    "ensureroom"
                } else {
                    "write"
                };
                return Err(rt.argument_error(format!("{op} failed, {what} is not writeable")));
            }
            if matches!(s.kind, IoKind::File { rewrite: false, .. }) && s.pos < s.data.len() {
                // Appending files are written at their end whatever was read.
                s.pos = s.data.len();
            }
            s.write(bytes);
        }
        Value::Stderr => {
            // What went to stdout before comes first.
            rt.flush();
            rt.host.write_stderr(bytes);
        }
        _ => rt.write_stdout(&String::from_utf8_lossy(bytes)),
    }
    Ok(())
}

/// Reads standard input into the buffer until it holds a whole line after the position (with
/// `line`) or until its end.
fn fill(rt: &mut Runtime, io: &Io, line: bool) {
    loop {
        {
            let s = io.borrow();
            if !matches!(s.kind, IoKind::Stdin { ended: false }) {
                return;
            }
            if line && s.data[s.pos..].contains(&b'\n') {
                return;
            }
        }
        fill_some(rt, io);
    }
}

/// Reads one chunk of standard input into the buffer (marking its end when there is none).
fn fill_some(rt: &mut Runtime, io: &Io) {
    if !matches!(io.borrow().kind, IoKind::Stdin { ended: false }) {
        return;
    }
    rt.flush();
    let chunk = rt.host.read_stdin(STDIN_CHUNK as usize);
    let mut s = io.borrow_mut();
    if chunk.is_empty() {
        s.kind = IoKind::Stdin { ended: true };
    } else {
        s.data.extend_from_slice(&chunk);
    }
}

/// Drops what standard input has already given out, so a long input is not all kept.
fn compact(io: &mut IoBuf) {
    if matches!(io.kind, IoKind::Stdin { .. }) && io.pos >= STDIN_CHUNK as usize {
        io.data.drain(..io.pos);
        io.pos = 0;
    }
}

/// Writes what a file stream holds that the host does not have yet.
fn flush_file(rt: &mut Runtime, io: &Io) -> JlResult<()> {
    let (path, bytes, append) = {
        let s = io.borrow();
        let IoKind::File {
            path,
            flushed,
            rewrite,
        } = &s.kind
        else {
            return Ok(());
        };
        if !s.writable || !s.open {
            return Ok(());
        }
        if *rewrite {
            (path.clone(), s.data.clone(), false)
        } else if *flushed < s.data.len() {
            (path.clone(), s.data[*flushed..].to_vec(), true)
        } else {
            return Ok(());
        }
    };
    let req = FsRequest::Write {
        path: &path,
        bytes: &bytes,
        append,
    };
    if let Err(e) = rt.host.fs(req) {
        return Err(system_error(
            rt,
            format!("writing file {}", quoted(&path)),
            &e,
        ));
    }
    let mut s = io.borrow_mut();
    let len = s.data.len();
    if let IoKind::File { flushed, .. } = &mut s.kind {
        *flushed = len;
    }
    Ok(())
}

impl Runtime {
    /// Writes every open file's pending bytes to the host (at the end of each entry point, so
    /// a program that never closes its files loses nothing). A failure is reported on stderr.
    pub fn flush_files(&mut self) {
        for io in self.open_files.clone() {
            if let Err(e) = flush_file(self, &io) {
                let (msg, _) = super::show::error_text(self, &e.value);
                self.host
                    .write_stderr(format!("warning: {msg}\n").as_bytes());
            }
        }
    }
}

fn uint8(rt: &Runtime, byte: u8) -> Value {
    primitive(rt, rt.world.types.b.uint8, u64::from(byte))
}

/// A value of primitive type `ty` with `bits` (zero-extended).
fn primitive(rt: &Runtime, ty: crate::ids::TyId, bits: u64) -> Value {
    match rt.world.types.prim(ty) {
        Some(prim) => Value::Bits(Bits { ty, prim, bits }),
        None => Value::Int(bits as i64),
    }
}

/// A Base exception type that `io.jl` defines, by name.
fn base_exception(rt: &Runtime, name: &str) -> Option<crate::ids::TyId> {
    match rt.world.lookup(rt.world.base, Sym::new(name)) {
        Some(Value::Type(t)) => Some(*t),
        _ => None,
    }
}

/// Julia's `SystemError(prefix, errno)`; a denial carries the host's explanation as its
/// `extrainfo`.
fn system_error(rt: &mut Runtime, prefix: String, e: &FsError) -> JlError {
    let Some(t) = base_exception(rt, "SystemError") else {
        return rt.error_exception(format!("{prefix}: {}", e.message));
    };
    let errno = primitive(rt, rt.world.types.b.int32, e.kind.errno() as u64);
    let extra = match e.kind {
        crate::host::FsErrorKind::Denied => Value::str(&e.message),
        _ => Value::Nothing,
    };
    rt.throw_struct(t, vec![Value::str(&prefix), errno, extra])
}

/// Julia's `IOError` for a failed file-system call: `IOError: readdir("x"): no such file or
/// directory (ENOENT)`, as libuv words it; a denial names what would grant it.
fn io_error(rt: &mut Runtime, call: String, e: &FsError) -> JlError {
    use crate::host::FsErrorKind as K;
    let (text, code) = match e.kind {
        K::NotFound => ("no such file or directory", "ENOENT"),
        K::Denied => ("permission denied", "EACCES"),
        K::Exists => ("file already exists", "EEXIST"),
        K::IsDirectory => ("illegal operation on a directory", "EISDIR"),
        K::NotDirectory => ("not a directory", "ENOTDIR"),
        K::NotEmpty => ("directory not empty", "ENOTEMPTY"),
        K::Other => ("i/o error", "EIO"),
    };
    let mut msg = format!("{call}: {text} ({code})");
    if e.kind == K::Denied {
        msg.push_str(&format!(" — {}", e.message));
    }
    let Some(t) = base_exception(rt, "IOError") else {
        return rt.error_exception(msg);
    };
    let code = primitive(rt, rt.world.types.b.int32, (-e.kind.errno()) as u32 as u64);
    rt.throw_struct(t, vec![Value::str(&msg), code])
}
