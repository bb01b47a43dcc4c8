/// tillval's version, the one place it is written: `tillval --version`
/// prints it. Bump it with each release (semantic versioning).
enum TillvalVersion {
    static let current = "0.1.0"
}
