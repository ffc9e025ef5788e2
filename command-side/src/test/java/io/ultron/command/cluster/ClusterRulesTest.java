package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterRulesTest {

    @ParameterizedTest
    @CsvSource({
            "https://keystone.example:5000/v3, true",
            "http://10.0.0.1/identity/v3/, true",
            "https://keystone.example:5000/v2.0, false",
            "ftp://keystone.example/v3, false",
            "https://admin:secret@keystone.example/v3, false",
            "not a url, false"})
    void acceptsOnlyKeystoneV3Urls(String url, boolean accepted) {
        var command = new RegisterClusterCommand(ClusterId.of("cl-1"), "bj1-az1", "beijing", "bj-idc-1", url,
                "clusters/bj1-az1", "zed", Set.of(), 10);
        if (accepted) {
            assertThatCode(() -> ClusterRules.checkRegistration(command)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> ClusterRules.checkRegistration(command))
                    .isInstanceOfSatisfying(DomainException.class, e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        }
    }
}
