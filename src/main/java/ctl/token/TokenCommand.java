package ctl.token;

import ctl.core.Group;
import picocli.CommandLine.Command;

/** {@code ctl token …}: API tokens, Windmill's token tasks and Magistrala's login, refresh and profile. */
@Command(name = "token", aliases = "tokens",
        description = "Manage users' API tokens.",
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(ctl token create alice --label ci --expires-in 30d)",
                  "  printf '%%s\\n' \"$PASS\" | ctl token login alice --password-stdin --json",
                  "  ctl token list alice",
                  "  ctl token show --token-file ~/.config/app/token",
                  "  ctl token prune        # from cron"},
        subcommands = {
                TokenCreate.class,
                TokenLogin.class,
                TokenRefresh.class,
                TokenList.class,
                TokenShow.class,
                TokenDelete.class,
                TokenPrune.class,
        })
public final class TokenCommand extends Group {
}
