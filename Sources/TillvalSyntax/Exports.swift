// The positions every stage shares live in the leaf module `TillvalSource`,
// so that `TillvalPlan` can carry them without knowing YAML or diagnostics.
// Whoever reads text through this module gets them with it.
@_exported import TillvalSource
