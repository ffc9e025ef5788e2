package io.ultron.api.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Identity of a subnet: {@code sn-<vpc uuid>-<n>}. It names its VPC, so a request on a subnet can be routed
 * to the VPC aggregate that owns it without a lookup in an eventually consistent view.
 */
public record SubnetId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("sn-([0-9a-f-]{36})-(\\d{1,3})");

    public SubnetId {
        Objects.requireNonNull(value, "subnet id");
    }

    @JsonCreator
    public static SubnetId of(String value) {
        return new SubnetId(value);
    }

    /** The n-th subnet ever allocated in the VPC (numbers are not reused). */
    public static SubnetId of(VpcId vpc, int number) {
        return new SubnetId("sn-" + vpc.value().substring("vpc-".length()) + "-" + number);
    }

    /** The owning VPC, or empty when the text is not a subnet id at all. */
    public Optional<VpcId> vpcId() {
        var match = FORMAT.matcher(value);
        return match.matches() ? Optional.of(VpcId.of("vpc-" + match.group(1))) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
