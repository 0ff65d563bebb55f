//! Loading: `using`/`import`, finding packages through the host, loading their images (after
//! their dependencies) or evaluating their sources, and running `__init__`.

use super::{EvalError, EvalResult, SourceFile};
use crate::host::Located;
use crate::ids::ModuleId;
use crate::symbol::Sym;
use crate::syntax::Span;
use crate::syntax::ast::ImportPath;
use crate::value::Value;
use crate::vm::{JlResult, Runtime};
use crate::world::{Binding, Package};

impl Runtime {
    pub(super) fn do_using(
        &mut self,
        m: ModuleId,
        paths: &[ImportPath],
        is_import: bool,
        file: &SourceFile,
    ) -> EvalResult<()> {
        for p in paths {
            let target = match self.resolve_import(m, p, file) {
                Ok(t) => t,
                // A package that cannot be found or loaded: point at this `using`.
                Err(EvalError::Julia(mut e)) if e.backtrace.is_empty() => {
                    let loc = file.loc(p.span);
                    e.backtrace.push(crate::vm::BtFrame {
                        func: "top-level scope".into(),
                        file: loc.file,
                        line: loc.line,
                        column: loc.column,
                    });
                    return Err(EvalError::Julia(e));
                }
                Err(e) => return Err(e),
            };
            if p.names.is_empty() {
                let last = *self
                    .world
                    .module_path(target)
                    .last()
                    .expect("a module has a name");
                self.world.modules[m.index()].bindings.insert(
                    last,
                    Binding {
                        value: Value::Module(target),
                        constant: true,
                        imported: true,
                    },
                );
                if !is_import && !self.world.modules[m.index()].usings.contains(&target) {
                    self.world.modules[m.index()].usings.insert(0, target);
                }
                self.world.bindings_changed();
            } else {
                for n in &p.names {
                    let sym = Sym::new(n);
                    let v = match crate::vm::builtins::getfield(self, &Value::Module(target), sym) {
                        Ok(v) => v,
                        Err(_) => {
                            return Err(file.syntax(
                                format!(
                                    "`{n}` is not defined in module {}",
                                    self.world.module_name(target)
                                ),
                                p.span,
                            ));
                        }
                    };
                    self.world.modules[m.index()].bindings.insert(
                        sym,
                        Binding {
                            value: v,
                            constant: true,
                            imported: true,
                        },
                    );
                    self.world.bindings_changed();
                }
            }
        }
        Ok(())
    }

    fn resolve_import(
        &mut self,
        m: ModuleId,
        p: &ImportPath,
        file: &SourceFile,
    ) -> EvalResult<ModuleId> {
        let Some((first, rest)) = p.path.split_first() else {
            return Err(file.syntax("expected a module name", p.span));
        };
        if p.dots == 0 && self.loading.contains(&Sym::new(first)) {
            let mut chain: Vec<String> = self.loading.iter().map(|s| s.to_string()).collect();
            chain.push(first.clone());
            let e = self.error_exception(format!(
                "circular dependency between packages: {}",
                chain.join(" → ")
            ));
            // Reported at the `using` that closes the cycle (see `do_using`).
            return Err(e.into());
        }
        let mut cur = if p.dots > 0 {
            let mut c = m;
            for _ in 1..p.dots {
                c = self.world.modules[c.index()].parent.unwrap_or(c);
            }
            match self.world.modules[c.index()]
                .bindings
                .get(&Sym::new(first))
                .map(|b| b.value.clone())
            {
                Some(Value::Module(x)) => x,
                _ => {
                    return Err(file.syntax(
                        format!(
                            "module `{first}` not found in {}",
                            self.world.module_name(c)
                        ),
                        p.span,
                    ));
                }
            }
        } else {
            let sym = Sym::new(first);
            match self.world.root_module(sym) {
                Some(x) => x,
                None => match self.world.lookup(m, sym).cloned() {
                    Some(Value::Module(x)) => x,
                    _ => self.load_package(sym, file, p.span)?,
                },
            }
        };
        if p.dots == 0
            && let (Some(def), true) = (
                self.defining,
                self.world.packages.contains_key(&Sym::new(first)),
            )
            && def != Sym::new(first)
            && let Some(pkg) = self.world.packages.get_mut(&def)
        {
            pkg.deps.insert(Sym::new(first));
        }
        for n in rest {
            match self.world.modules[cur.index()]
                .bindings
                .get(&Sym::new(n))
                .map(|b| b.value.clone())
            {
                Some(Value::Module(x)) => cur = x,
                _ => {
                    return Err(file.syntax(
                        format!("module `{n}` not found in {}", self.world.module_name(cur)),
                        p.span,
                    ));
                }
            }
        }
        Ok(cur)
    }

    /// Loads package `name` through the host: from its image when one is up to date, else from
    /// source. Runs its `__init__`.
    /// Loads a package image: first the packages it depends on (from their images or
    /// sources), then the image itself, whose decoding checks that each dependency is the one it
    /// was built against.
    ///
    /// # Errors
    /// Why the image cannot be used: corrupt, out of date, built against other dependencies.
    pub fn load_image(
        &mut self,
        bytes: &[u8],
        expected_source_hash: Option<&str>,
    ) -> Result<ModuleId, String> {
        for dep in crate::image::dependencies(bytes)? {
            if !self.world.packages.contains_key(&dep) {
                let file = SourceFile::new("", "");
                self.load_package(dep, &file, Span::default())
                    .map_err(|_| format!("dependency {dep} could not be loaded"))?;
            }
        }
        crate::image::load_image(self, bytes, expected_source_hash)
    }

    pub fn load_package(
        &mut self,
        name: Sym,
        file: &SourceFile,
        span: Span,
    ) -> EvalResult<ModuleId> {
        if self.loading.contains(&name) {
            return Err(file.syntax(
                format!("circular dependency: package {name} uses itself while loading"),
                span,
            ));
        }
        let located = match self.host.locate_package(&name.as_str(), true) {
            Ok(Some(l)) => l,
            Ok(None) => {
                let e = self.argument_error(format!(
                    "Package {name} not found in current path.\n- Add it to the project (`--project`) or put its directory on KILN_LOAD_PATH."
                ));
                return Err(e.into());
            }
            Err(reason) => {
                return Err(self
                    .error_exception(format!("could not locate package {name}: {reason}"))
                    .into());
            }
        };
        self.loading.push(name);
        let r = match located {
            Located::Image { bytes, source_hash } => match self.load_image(
                &bytes,
                Some(&source_hash)
                    .filter(|h| !h.is_empty())
                    .map(|h| h.as_str()),
            ) {
                Ok(m) => Ok(m),
                // A stale image (built against other dependencies) or a bad one: use the source.
                Err(_) => match self.host.locate_package(&name.as_str(), false) {
                    Ok(Some(Located::Source { entry, source_hash })) => {
                        self.define_package_source(name, &entry, source_hash)
                    }
                    Ok(_) => Err(EvalError::Julia(
                        self.error_exception(format!("package {name} has no source")),
                    )),
                    Err(reason) => Err(EvalError::Julia(
                        self.error_exception(format!("could not locate package {name}: {reason}")),
                    )),
                },
            },
            Located::Source { entry, source_hash } => {
                self.define_package_source(name, &entry, source_hash)
            }
        };
        self.loading.pop();
        let module = r?;
        self.run_init(module)?;
        Ok(module)
    }

    /// Evaluates a package's entry file; the module it defines becomes package `name`.
    pub fn define_package_source(
        &mut self,
        name: Sym,
        path: &str,
        source_hash: String,
    ) -> EvalResult<ModuleId> {
        let root = self
            .world
            .new_module(Sym::new(&format!("#file:{name}")), None);
        let saved = self.defining.replace(name);
        // On the loading stack while its file runs, so `using` cycles are reported.
        let pushed = self.loading.last() != Some(&name);
        if pushed {
            self.loading.push(name);
        }
        self.world.packages.insert(
            name,
            Package {
                module: root,
                source_hash,
                deps: Default::default(),
                from_image: false,
                image_hash: None,
            },
        );
        let r = self.eval_file(root, path);
        self.defining = saved;
        if pushed {
            self.loading.pop();
        }
        if let Err(e) = r {
            self.world.packages.shift_remove(&name);
            return Err(e);
        }
        match self.world.modules[root.index()]
            .bindings
            .get(&name)
            .map(|b| b.value.clone())
        {
            Some(Value::Module(pm)) => {
                self.world
                    .packages
                    .get_mut(&name)
                    .expect("inserted above")
                    .module = pm;
                Ok(pm)
            }
            _ => {
                self.world.packages.shift_remove(&name);
                let defined: Vec<String> = self.world.modules[root.index()]
                    .bindings
                    .iter()
                    .filter(|(_, b)| matches!(b.value, Value::Module(_)) && !b.imported)
                    .map(|(k, _)| format!("`{k}`"))
                    .collect();
                let what = if defined.is_empty() {
                    "it defines no module".to_string()
                } else {
                    format!("it defines {}", defined.join(", "))
                };
                let e = self.error_exception(format!(
                    "{path} must define `module {name}` (the package's name), but {what}"
                ));
                Err(e.into())
            }
        }
    }

    /// Runs `M.__init__()` when the module defines one.
    pub fn run_init(&mut self, m: ModuleId) -> JlResult<()> {
        if let Some(b) = self.world.modules[m.index()]
            .bindings
            .get(&Sym::new("__init__"))
        {
            let f = b.value.clone();
            self.call(&f, Vec::new())?;
        }
        Ok(())
    }
}
