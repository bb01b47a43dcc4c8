import Foundation

/// Runs the built `tillval` binary as a user's shell would, capturing its
/// exit status and both output streams (through files, so large outputs
/// cannot dead-lock a pipe).
public struct CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The process was killed by the hang guard (`timeout`).
        public var timedOut = false
    }

    public static var binary: String {
        // The test bundle sits beside the products of the same build.
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory.appendingPathComponent("tillval").path,
                          bundleDirectory.deletingLastPathComponent().appendingPathComponent("tillval").path,
                          Repository.path(".build/debug/tillval")]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return Repository.path(".build/debug/tillval")
    }

    /// Runs `tillval` itself, or with `executable`, another program (given `arguments` instead).
    public static func run(_ arguments: [String], executable: String? = nil, in directory: String = Repository.root.path,
                    environment: [String: String] = [:], stdin: String? = nil, timeout: TimeInterval? = nil) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = scratch.appendingPathComponent("stdin")
            try Data(stdin.utf8).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        // A hang guard, not a measure of speed: a process still running after
        // `timeout` seconds is killed and the result says so.
        var timedOut = false
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus,
                      stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension CommandRunner {
    /// Runs `tillval` with standard output and error thrown away and returns
    /// its exit status and peak resident memory in KiB, as the kernel counted
    /// it for that process (`wait4`'s `ru_maxrss`): a measure of memory, not
    /// of time. It runs in this process's directory: give paths in full.
    ///
    /// Measured by a small Python process that forks and waits for it: a
    /// process spawned straight from this one (posix_spawn shares this
    /// process's memory until it execs) starts its `ru_maxrss` at this test
    /// process's own peak, which would hide any growth below it.
    public static func peakMemory(_ arguments: [String]) throws -> (status: Int32, peakKiB: Int) {
        let script = """
            import os, sys
            out, argv = sys.argv[1], sys.argv[2:]
            pid = os.fork()
            if pid == 0:
                try:
                    os.execv(argv[0], argv)
                finally:
                    os._exit(127)
            _, status, usage = os.wait4(pid, 0)
            with open(out, "w") as f:
                f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
            """
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let figures = directory.appendingPathComponent("peak").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["/usr/bin/env", "python3", "-c", script, figures, binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let words = (try String(contentsOfFile: figures, encoding: .utf8)).split(separator: " ")
        guard words.count == 2, let exit = Int32(words[0]), let peak = Int(words[1]) else { throw CocoaError(.fileReadCorruptFile) }
        return (exit, peak)
    }
}
