package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.util.cache.ClusterTask;

/**
 * The plugin's one cluster task: a command name and its string arguments, handed on the target node to the plugin
 * running there. Kept small and stable, as every node must be able to load it: a node without the plugin cannot,
 * and the caller gets no answer; a node whose plugin does not know the command answers null.
 */
public final class PluginCommandTask implements ClusterTask<Object> {
    /** The running plugin's handler on this node; null while it is not running. */
    private static volatile ClusterPort.CommandHandler handler;

    private String command;
    private ArrayList<String> arguments;
    private Object result;

    /** For deserialisation. */
    public PluginCommandTask() {
    }

    PluginCommandTask(String command, List<String> arguments) {
        this.command = command;
        this.arguments = new ArrayList<>(arguments);
    }

    static void serve(ClusterPort.CommandHandler commands) {
        handler = commands;
    }

    static ClusterPort.CommandHandler handler() {
        return handler;
    }

    @Override
    public void run() {
        ClusterPort.CommandHandler commands = handler;
        result = commands == null ? null : commands.handle(command, arguments);
    }

    @Override
    public Object getResult() {
        return result;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeUTF(command);
        out.writeObject(arguments);
    }

    @SuppressWarnings("unchecked")
    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        command = in.readUTF();
        arguments = (ArrayList<String>) in.readObject();
    }
}
