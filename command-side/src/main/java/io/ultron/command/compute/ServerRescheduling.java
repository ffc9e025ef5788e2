package io.ultron.command.compute;

import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.RescheduleServerCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * A server's second attempt: placement (an IDC lock in Redis, capacity and pool look-ups) happens here, before the
 * {@link Server} aggregate, which then only records what it is given. Placement reserves the capacity it picks; if the
 * command then fails to commit, the reservation is given back.
 */
@Component
class ServerRescheduling {

    private final Repository<Server> servers;
    private final SecondPlacement placement;

    ServerRescheduling(@Qualifier("serverRepository") Repository<Server> servers, SecondPlacement placement) {
        this.servers = servers;
        this.placement = placement;
    }

    @CommandHandler
    void handle(RescheduleServerCommand command) {
        Aggregate<Server> server = servers.load(command.serverId().value());
        Optional<Server.SecondAttempt> second = server.invoke(Server::secondAttempt);
        Optional<PlacedServer> placed = second.flatMap(attempt -> placement.placeAgain(attempt.serverId(), attempt.spec(),
                attempt.vcpus(), attempt.ramMb(), command.excludedClusters()));
        placed.ifPresent(reserved -> CurrentUnitOfWork.get().onRollback(unitOfWork -> placement.release(List.of(reserved))));
        server.execute(aggregate -> aggregate.rescheduled(placed, command.reason()));
    }
}
