package ctl.testing;

import ctl.base.Terminal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A terminal with a person who gives the answers listed, in order; it records the prompts. */
public final class FakeTerminal implements Terminal {
    private final Deque<String> answers;
    public final List<String> prompts = new ArrayList<>();

    public FakeTerminal(String... answers) {
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override public boolean interactive() { return true; }

    @Override public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    @Override public char[] readPassword(String prompt) {
        String answer = readLine(prompt);
        return answer == null ? null : answer.toCharArray();
    }
}
