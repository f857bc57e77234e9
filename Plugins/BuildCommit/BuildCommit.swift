import Foundation
import PackagePlugin

/// Embeds the git commit of the checkout being built, its dirty flag and the toolchain into `BuildStamp`, before
/// every build: `lumbarsim --version` and every run's manifest name the build, not the working tree at run time.
@main
struct BuildCommitPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let root = context.package.directoryURL
        let script = root.appendingPathComponent("Plugins/BuildCommit/build-commit.sh")
        return [.prebuildCommand(displayName: "Embedding the build's git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, root.path, output.path], outputFilesDirectory: output)]
    }
}
