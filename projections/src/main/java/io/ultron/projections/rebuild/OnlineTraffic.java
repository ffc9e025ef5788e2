package io.ultron.projections.rebuild;

/** Whether online requests have been arriving lately anywhere in the fleet: a rebuild gives way to them. */
public interface OnlineTraffic {

    boolean recent();

    OnlineTraffic NONE = () -> false;
}
