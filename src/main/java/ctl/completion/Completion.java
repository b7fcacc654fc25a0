package ctl.completion;

import ctl.core.Task;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(description = "Print a shell completion script for bash or zsh.",
        footer = {"  ctl completion bash > /etc/bash_completion.d/ctl",
                  "  source <(ctl completion zsh)      # in ~/.zshrc"})
public final class Completion extends Task {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec CommandSpec spec;

    @Override
    protected int run() {
        // picocli writes one script for both: zsh runs it through bashcompinit.
        String script = AutoComplete.bash("ctl", spec.root().commandLine());
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        ctx.out().data(script);
        return 0;
    }
}
