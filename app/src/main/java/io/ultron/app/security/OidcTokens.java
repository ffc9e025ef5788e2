package io.ultron.app.security;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.client.RestTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Spring Security's resource-server pieces for the configured OIDC issuer: a {@link NimbusJwtDecoder} (keys from the
 * issuer's JWK set, found through its discovery document unless a JWK set URI is configured), checked by
 * {@link JwtValidators#createDefaultWithIssuer} (signature, {@code exp}/{@code nbf} with a minute of clock skew,
 * {@code iss}), a {@link JwtAudienceValidator} when an audience is configured, and a principal being present.
 * <p>
 * The decoder is made at the first token, not at start, so a node starts while the issuer is away; until the issuer
 * answers, tokens are answered 503 (not 401: the token may well be good), as keys are while the database is away.
 */
final class OidcTokens {

    private static final Duration ISSUER_TIMEOUT = Duration.ofSeconds(5);

    private OidcTokens() {
    }

    static JwtAuthenticationProvider provider(OidcProperties properties) {
        var converter = new OidcTokenConverter(properties);
        var provider = new JwtAuthenticationProvider(decoder(properties, converter.principalPresent()));
        provider.setJwtAuthenticationConverter(converter::convert);
        return provider;
    }

    private static JwtDecoder decoder(OidcProperties properties, OAuth2TokenValidator<Jwt> principalPresent) {
        List<SignatureAlgorithm> algorithms = properties.jwsAlgorithms().stream().map(name -> {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name.trim());
            if (algorithm == null) {
                throw new IllegalStateException("ultron.security.oidc.jws-algorithms: unknown signature algorithm " + name);
            }
            return algorithm;
        }).toList();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(properties.issuerUri()));
        if (properties.hasAudience()) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        validators.add(principalPresent);
        var validator = new DelegatingOAuth2TokenValidator<>(validators);

        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(ISSUER_TIMEOUT);
        requests.setReadTimeout(ISSUER_TIMEOUT);
        var issuer = new RestTemplate(requests);

        JwtDecoder lazy = new SupplierJwtDecoder(() -> {
            var builder = properties.hasJwkSetUri() ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    : NimbusJwtDecoder.withIssuerLocation(properties.issuerUri());
            NimbusJwtDecoder decoder = builder.restOperations(issuer).jwsAlgorithms(accepted -> accepted.addAll(algorithms)).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException e) {
                // the issuer's discovery document could not be read: not the token's fault (JwtAuthenticationProvider
                // answers a plain JwtException as an AuthenticationServiceException)
                throw new JwtException("the OIDC issuer cannot be asked: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            }
        };
    }
}
