package io.ultron.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class UltronApplication {

    public static void main(String[] args) {
        SpringApplication.run(UltronApplication.class, args);
    }
}
