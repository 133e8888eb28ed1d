package io.bollard.compose.apply;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExecutorMessageTest {

    @Test
    void aNameConflictDoesNotNameTheOtherContainersId() {
        String id = "edb717eb0123456789abcdef0123456789abcdef0123456789abcdef2d301b0a";
        ConflictException e = new ConflictException("Status 409: {\"message\":\"Conflict. The container name "
                + "\\\"/web-1\\\" is already in use by container \\\"" + id + "\\\". You have to remove (or rename) "
                + "that container to be able to reuse that name.\"}\n");
        assertEquals("Conflict. The container name \"/web-1\" is already in use by another container. You have to "
                + "remove (or rename) that container to be able to reuse that name.", Executor.message(e));
    }

    @Test
    void aVolumesUsersAreNotNamed() {
        String a = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        ConflictException e = new ConflictException("Status 409: {\"message\":\"remove web_data: volume is in use - ["
                + a + ", " + a.replace('0', 'f') + "]\"}");
        assertEquals("remove web_data: volume is in use by other containers", Executor.message(e));
    }

    @Test
    void aConflictingNetworkIsNotNamed() {
        // Docker's words when a new network asks for another one's bridge name (an outside audit learnt a hidden
        // network's full id from a prefix so).
        InternalServerErrorException e = new InternalServerErrorException("Status 500: {\"message\":\"cannot create "
                + "network aa46ed6f06c2 (br-7b3433b846e1): conflicts with network "
                + "7b3433b846e1f011690e05909e8e5c4fb01a481458c6dd6d537b7c27a6353c57 (br-7b3433b846e1): networks have "
                + "same bridge name\"}");
        assertEquals("cannot create network aa46ed6f06c2 (br-7b3433b846e1): conflicts with another network "
                + "(br-7b3433b846e1): networks have same bridge name", Executor.message(e));
    }

    @Test
    void dockersEscapesAreUndone() {
        InternalServerErrorException e = new InternalServerErrorException("Status 500: {\"message\":\"Get "
                + "\\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup registry-1.docker.io: no such host\"}");
        assertEquals("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host",
                Executor.message(e));
    }

    @Test
    void aCancelledDockerCallSaysSoNotItsExceptionsName() {
        assertEquals("the Docker call was cancelled",
                Executor.message(new java.util.concurrent.CancellationException()));
        assertEquals("the Docker call was cancelled",
                Executor.message(new RuntimeException(new java.util.concurrent.CancellationException())));
    }
}
