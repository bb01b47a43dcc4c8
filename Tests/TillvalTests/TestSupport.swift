// This target holds the tests of more than one module (the fuzz targets'
// harness) and is the place a new test file may be dropped into when it has
// no module of its own yet: the shared support (Repository, CommandRunner,
// CompileFixtures, StoreSandbox, ExampleScenario) is visible in every file here
// without an import.
@_exported import TillvalTestSupport
