package io.ultron.app.admin;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.app.roles.Roles;
import io.ultron.projections.rebuild.RebuildLedger;
import io.ultron.projections.rebuild.RebuildStatus;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Blue/green rebuild of a projection. The request is recorded in the database; the conductor that runs
 * the projection picks it up (within a second) and reports progress there, so any api node answers the GET.
 */
@RestController
@Conditional(Roles.IsApi.class)
@RequestMapping("/api/v1/admin/projections/{name}/rebuild")
class ProjectionRebuildController {

    private final RebuildLedger ledger;

    ProjectionRebuildController(JdbcTemplate jdbc) {
        this.ledger = new RebuildLedger(jdbc);
    }

    @PostMapping
    ResponseEntity<RebuildStatus> rebuild(@PathVariable String name) {
        if (!ledger.isRebuildable(name)) {
            throw unknown(name);
        }
        if (!ledger.request(name)) {
            throw new DomainException(ErrorKind.CONFLICT, "rebuild-in-progress", "a rebuild of " + name + " is already under way");
        }
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentRequestUri().build().toUri())
                .body(ledger.status(name).orElseThrow());
    }

    @GetMapping
    RebuildStatus status(@PathVariable String name) {
        return ledger.status(name).orElseThrow(() -> ledger.isRebuildable(name)
                ? new DomainException(ErrorKind.NOT_FOUND, "no-rebuild", name + " has never been rebuilt")
                : unknown(name));
    }

    private static DomainException unknown(String name) {
        return new DomainException(ErrorKind.NOT_FOUND, "projection-not-found", "no rebuildable projection named " + name);
    }
}
