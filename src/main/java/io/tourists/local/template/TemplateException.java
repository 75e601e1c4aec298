package io.tourists.local.template;

/** The template asks for something the local runtime cannot run, or that AWS would refuse to deploy. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
