//! Typed ids into the runtime's arenas. Never bare `usize` across modules.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A module in `World::modules`.
    ModuleId
);
id!(
    /// A type name (the `Vector` in `Vector{Int64}`) in `TypeStore::names`.
    TypeNameId
);
id!(
    /// An interned type in `TypeStore::types`.
    TyId
);
id!(
    /// A generic function in `World::functions`.
    FuncId
);
id!(
    /// A method in `World::methods`.
    MethodId
);
id!(
    /// A method instance in `World::mis`.
    MiId
);
id!(
    /// A Rust builtin in the VM's builtin table (`Runtime::builtins`).
    BuiltinId
);
